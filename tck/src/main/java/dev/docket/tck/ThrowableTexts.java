package dev.docket.tck;

/**
 * Everything a throwable would show a reader, for tests that a secret appears in none of it: the
 * {@code toString()} and message of the throwable, of each cause and of each suppressed one.
 *
 * @since 0.3
 */
public final class ThrowableTexts {

  private ThrowableTexts() {}

  /** Every {@code toString()} and message of {@code t}, its causes and suppressed ones. */
  public static String of(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append(c).append('\n').append(c.getMessage()).append('\n');
      for (Throwable s : c.getSuppressed()) {
        out.append(of(s));
      }
    }
    return out.toString();
  }
}
