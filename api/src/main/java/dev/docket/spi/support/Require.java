package dev.docket.spi.support;

import org.jspecify.annotations.Nullable;

/**
 * Null checks for the compact constructors of records that hold many required components. Each
 * check throws what {@link java.util.Objects#requireNonNull(Object, String)} would: a {@link
 * NullPointerException} whose message is the component's name.
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
}
