package dev.docket;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits above which a queue is reported unhealthy by {@link Docket#health}.
 *
 * @param maxReady ready messages
 * @param maxOldestReadyAge age of the oldest ready message
 * @param maxDead dead letters
 * @param maxStuckHandlers handlers of one worker stuck past their timeout ({@link
 *     Worker#health}); a worker whose every slot is stuck is unhealthy whatever this says
 * @since 0.1
 */
public record HealthThresholds(long maxReady, Duration maxOldestReadyAge, long maxDead,
    int maxStuckHandlers) {

  /**
   * Defaults: 10 000 ready, 5 minutes oldest age, 0 dead letters, and no limit on stuck handlers
   * below the whole worker (a worker whose every slot is stuck is unhealthy).
   */
  public static final HealthThresholds DEFAULTS =
      new HealthThresholds(10_000, Duration.ofMinutes(5), 0);

  /** Validates. */
  public HealthThresholds {
    Objects.requireNonNull(maxOldestReadyAge, "maxOldestReadyAge");
    if (maxReady < 0 || maxDead < 0 || maxOldestReadyAge.isNegative() || maxStuckHandlers < 0) {
      throw new IllegalArgumentException("health thresholds must not be negative");
    }
  }

  /** Queue thresholds only: stuck handlers matter only when they hold every slot. */
  public HealthThresholds(long maxReady, Duration maxOldestReadyAge, long maxDead) {
    this(maxReady, maxOldestReadyAge, maxDead, Integer.MAX_VALUE);
  }

  /** A copy with {@code max} as {@link #maxStuckHandlers()}. */
  public HealthThresholds withMaxStuckHandlers(int max) {
    return new HealthThresholds(maxReady, maxOldestReadyAge, maxDead, max);
  }
}
