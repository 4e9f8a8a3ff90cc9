package dev.docket;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;

/**
 * A job's id. Generated ids are UUIDv7 (time-ordered); a caller may give its own for idempotent
 * enqueue.
 *
 * @param value 1 to {@link #MAX_LENGTH} printable ASCII characters, no spaces
 * @since 0.1
 */
public record JobId(String value) {

  /** The longest accepted id. */
  public static final int MAX_LENGTH = 200;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Validates. */
  public JobId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "job id must have 1 to " + MAX_LENGTH + " characters, had " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException(
            "job id must be printable ASCII without spaces; character " + i + " is not: "
                + (int) c);
      }
    }
  }

  /** A caller-given id. */
  public static JobId of(String value) {
    return new JobId(value);
  }

  /** A new UUIDv7 whose time part comes from {@code clock}. */
  public static JobId generate(InstantSource clock) {
    long millis = clock.millis();
    // One call for all 74 random bits: each SecureRandom call takes a lock and mixes its output.
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long randA = ((r[0] & 0xFFL) << 4 | (r[1] & 0xFL)) & 0xFFF;
    long randB = 0;
    for (int i = 2; i < 10; i++) {
      randB = randB << 8 | (r[i] & 0xFFL);
    }
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new JobId(new UUID(msb, lsb).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
