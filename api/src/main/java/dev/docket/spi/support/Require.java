package dev.docket.spi.support;

import org.jspecify.annotations.Nullable;

/**
 * Checks of required components and bounded counts, with the messages Docket uses everywhere: a
 * null check throws what {@link java.util.Objects#requireNonNull(Object, String)} would (a {@link
 * NullPointerException} whose message is the component's name); a bound check throws an {@link
 * IllegalArgumentException} naming the value, the bound and what was given.
 *
 * @since 0.3
 */
public final class Require {

  private Require() {}

  /**
   * Checks name/value pairs in order, {@code nonNull("id", id, "queue", queue)}, and throws a
   * {@link NullPointerException} naming the first value that is null.
   *
   * @throws IllegalArgumentException if the arguments are not name/value pairs
   */
  public static void nonNull(@Nullable Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("nonNull takes name/value pairs");
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        throw new NullPointerException(String.valueOf(namesAndValues[i]));
      }
    }
  }

  /**
   * {@code value}, once checked to be at least {@code min}.
   *
   * @throws IllegalArgumentException "{@code name} must be at least {@code min}, was {@code value}"
   */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /**
   * {@code value}, once checked not to be negative.
   *
   * @throws IllegalArgumentException "{@code name} must not be negative, was {@code value}"
   */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }
}
