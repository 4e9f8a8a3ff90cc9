package dev.docket.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Parses the instants that {@link Instant#toString()} writes ({@code 2026-01-02T03:04:05Z} with
 * none, 3, 6 or 9 fraction digits, years 0000 to 9999) without the general formatter, which is a
 * visible per-job cost when every job envelope carries one. Anything else goes to
 * {@link Instant#parse}, so the accepted forms and the errors stay exactly those of the JDK.
 */
final class IsoInstants {

  private IsoInstants() {}

  /** Like {@link Instant#parse}, faster for the canonical form. */
  static Instant parse(CharSequence s) {
    Instant fast = canonical(s);
    return fast != null ? fast : Instant.parse(s);
  }

  private static @Nullable Instant canonical(CharSequence s) {
    int n = s.length();
    if (n != 20 && n != 24 && n != 27 && n != 30) {
      return null;
    }
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z' || (n > 20 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
    if ((year | month | day | hour | minute | second | fraction) < 0) {
      return null;
    }
    int nano = switch (n) {
      case 24 -> fraction * 1_000_000;
      case 27 -> fraction * 1_000;
      default -> fraction;
    };
    try {
      // Validates every field (month length, leap years, hour < 24, second < 60): a leap second
      // or any other oddity falls back to the JDK's own parser.
      return LocalDateTime.of(year, month, day, hour, minute, second, nano)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code [from, to)}, or -1 when a character is not an ASCII digit. */
  private static int digits(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
