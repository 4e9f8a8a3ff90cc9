package dev.docket;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits above which a queue is reported unhealthy by {@link Docket#health}.
 *
 * @param maxReady ready messages
 * @param maxOldestReadyAge age of the oldest ready message
 * @param maxDead dead letters
 * @since 0.1
 */
public record HealthThresholds(long maxReady, Duration maxOldestReadyAge, long maxDead) {

  /** Defaults: 10 000 ready, 5 minutes oldest age, 0 dead letters. */
  public static final HealthThresholds DEFAULTS =
      new HealthThresholds(10_000, Duration.ofMinutes(5), 0);

  /** Validates. */
  public HealthThresholds {
    Objects.requireNonNull(maxOldestReadyAge, "maxOldestReadyAge");
    if (maxReady < 0 || maxDead < 0 || maxOldestReadyAge.isNegative()) {
      throw new IllegalArgumentException("health thresholds must not be negative");
    }
  }
}
