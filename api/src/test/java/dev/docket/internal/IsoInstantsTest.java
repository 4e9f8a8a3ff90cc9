package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void parse_agreesWithTheJdkOnWhatInstantToStringWrites() {
    SplittableRandom r = new SplittableRandom(42);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      long sec = r.nextLong(-62_167_219_200L, max + 1); // 0000-01-01 to 9999-12-31
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> r.nextInt(1000) * 1_000_000;
        case 2 -> r.nextInt(1_000_000) * 1_000;
        default -> r.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(sec, nano);
      assertThat(IsoInstants.parse(t.toString())).as(t.toString()).isEqualTo(t);
    }
  }

  @Test
  void parse_oddInputs_behaveExactlyLikeTheJdk() {
    for (String s : new String[] {"2030-01-01T00:00:00.5Z", "2030-01-01T00:00:00.12345Z",
        "+12030-01-01T00:00:00Z", "2030-01-01T00:00Z", "2030-01-01T01:00:00+01:00",
        "2016-12-31T23:59:60Z", "2030-02-30T00:00:00Z", "2028-02-29T00:00:00Z",
        "2030-13-01T00:00:00Z", "2030-01-01T24:00:00Z", "2030-01-01T00:00:61Z",
        "2030-01-01T00:0a:00Z", "2030-01-01 00:00:00Z", "2030-01-01T00:00:00.12aZ",
        "2030-01-01T00:00:00.123456789Z", "yesterday", ""}) {
      Object jdk = outcome(() -> Instant.parse(s));
      Object ours = outcome(() -> IsoInstants.parse(s));
      assertThat(ours).as(s).isEqualTo(jdk);
    }
  }

  /** The instant, or the exception type when parsing fails. */
  private static Object outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get();
    } catch (DateTimeParseException e) {
      return DateTimeParseException.class;
    }
  }
}
