package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How a failing job is retried: exponential backoff with jitter, capped, up to a number of
 * retries; exceptions of {@link #nonRetryable()} types (and {@link NonRetryableException}) skip
 * retries and go to the dead-letter queue at once.
 *
 * <p>The delay before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff *
 * multiplier^(n-1))}, then reduced by a random share of at most {@code jitter} (0 = none, 1 = full
 * jitter), so many failing jobs do not retry in lockstep.
 *
 * @param maxRetries retries after the first attempt; 0 = never retry
 * @param initialBackoff delay before the first retry
 * @param multiplier growth per retry, at least 1
 * @param maxBackoff the cap on any delay
 * @param jitter share of the delay that is randomised, 0 to 1
 * @param nonRetryable exception types that fail a job at once
 * @since 0.1
 */
public record RetryPolicy(
    int maxRetries,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter,
    Set<Class<? extends Throwable>> nonRetryable) {

  /** Default retries: 5. */
  public static final int DEFAULT_MAX_RETRIES = 5;

  /** Default first delay: 1 s. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Default growth: 2×. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** Default cap: 10 min. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);

  /** Default jitter: 0.5 (each delay is 50 % to 100 % of the nominal one). */
  public static final double DEFAULT_JITTER = 0.5;

  /** Validates and copies. */
  public RetryPolicy {
    Require.nonNull("initialBackoff", initialBackoff, "maxBackoff", maxBackoff,
        "nonRetryable", nonRetryable);
    nonRetryable = Set.copyOf(nonRetryable);
    Require.nonNegative("maxRetries", maxRetries);
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff (" + maxBackoff + ") must not be below initialBackoff (" + initialBackoff
              + ")");
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** The defaults above. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** Never retry. */
  public static RetryPolicy none() {
    return builder().maxRetries(0).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(RetryPolicy base) {
    return new Builder()
        .maxRetries(base.maxRetries)
        .initialBackoff(base.initialBackoff)
        .multiplier(base.multiplier)
        .maxBackoff(base.maxBackoff)
        .jitter(base.jitter)
        .nonRetryable(base.nonRetryable);
  }

  /** The delay before retry {@code retry} (1-based), jittered with {@code random}. */
  public Duration backoff(int retry, RandomGenerator random) {
    Duration nominal = nominalBackoff(retry);
    if (jitter == 0.0 || nominal.isZero()) {
      return nominal;
    }
    double keep = 1.0 - jitter * random.nextDouble();
    return Duration.ofNanos((long) (nominal.toNanos() * keep));
  }

  /** The delay before retry {@code retry} (1-based) without jitter. */
  public Duration nominalBackoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry is 1-based, was " + retry);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    if (nanos >= maxBackoff.toNanos() || Double.isInfinite(nanos)) {
      return maxBackoff;
    }
    return Duration.ofNanos((long) nanos);
  }

  /** Whether {@code error} fails a job without retries. */
  public boolean isNonRetryable(Throwable error) {
    if (error instanceof NonRetryableException) {
      return true;
    }
    for (Class<? extends Throwable> type : nonRetryable) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double jitter = DEFAULT_JITTER;
    private Set<Class<? extends Throwable>> nonRetryable = Set.of();

    private Builder() {}

    /** Retries after the first attempt. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** Delay before the first retry. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    /** Growth per retry. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** Cap on any delay. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Randomised share of each delay, 0 to 1. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Exception types that skip retries. */
    public Builder nonRetryable(Set<Class<? extends Throwable>> types) {
      this.nonRetryable = Set.copyOf(types);
      return this;
    }

    /** Exception types that skip retries. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public final Builder nonRetryable(Class<? extends Throwable>... types) {
      return nonRetryable(Set.of(types));
    }

    /** Validates and builds. */
    public RetryPolicy build() {
      return new RetryPolicy(
          maxRetries, initialBackoff, multiplier, maxBackoff, jitter, nonRetryable);
    }
  }
}
