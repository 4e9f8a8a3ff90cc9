package dev.docket;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to retry the job after an explicit delay instead of the policy's backoff
 * (for example after a rate-limited API said "retry after 30 s"). It still counts as an attempt.
 *
 * @since 0.1
 */
public class RetryLaterException extends DocketException {
  private final Duration delay;

  /** Retry after {@code delay}. */
  public RetryLaterException(Duration delay, String message) {
    super(message);
    this.delay = Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
  }

  /** Retry after {@code delay}. */
  public RetryLaterException(Duration delay) {
    this(delay, "retry requested after " + delay);
  }

  /** The requested delay. */
  public Duration delay() {
    return delay;
  }
}
