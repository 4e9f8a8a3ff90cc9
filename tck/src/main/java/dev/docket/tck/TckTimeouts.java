package dev.docket.tck;

import java.time.Duration;
import java.util.Objects;

/**
 * The real-time bounds the TCK waits for things that must happen, and watches for things that
 * must not. Every bound is a base value times {@link #factor()}, read from the system property
 * {@value #FACTOR_PROPERTY} or else the environment variable {@value #FACTOR_ENV} (default 1), so
 * a slow CI machine or a remote broker can stretch them without code changes.
 *
 * <p>Bounds only make tests wait longer when something is wrong: a test that succeeds returns as
 * soon as its condition holds. The exception is {@link #quietPeriod()}, the time a real-time test
 * watches a broker to prove that nothing is delivered; raise it to make those checks stricter.
 *
 * @param factor the multiplier applied to every base bound, above zero
 * @since 0.1
 */
public record TckTimeouts(double factor) {

  /** System property holding the factor, e.g. {@code -Ddocket.tck.timeoutFactor=3}. */
  public static final String FACTOR_PROPERTY = "docket.tck.timeoutFactor";

  /** Environment variable holding the factor when the system property is unset. */
  public static final String FACTOR_ENV = "DOCKET_TCK_TIMEOUT_FACTOR";

  /** Base bound for one expected event (a delivery, a worker reaching a state): 10 s. */
  public static final Duration BASE_EVENT = Duration.ofSeconds(10);

  /** Base bound for bulk work such as thousands of jobs through several workers: 60 s. */
  public static final Duration BASE_BULK = Duration.ofSeconds(60);

  /** Base time a real-time test watches to prove that nothing is delivered: 500 ms. */
  public static final Duration BASE_QUIET = Duration.ofMillis(500);

  /** Base blocking wait of one polling fetch against a real-time broker: 200 ms. */
  public static final Duration BASE_POLL_FETCH = Duration.ofMillis(200);

  /** Validates. */
  public TckTimeouts {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("TCK timeout factor must be a positive number, was "
          + factor + "; set -D" + FACTOR_PROPERTY + " or " + FACTOR_ENV + " to e.g. 2");
    }
  }

  /** Factor 1. */
  public static TckTimeouts defaults() {
    return new TckTimeouts(1.0);
  }

  /** The factor from {@value #FACTOR_PROPERTY}, else {@value #FACTOR_ENV}, else 1. */
  public static TckTimeouts fromEnvironment() {
    String value = System.getProperty(FACTOR_PROPERTY);
    String source = "system property " + FACTOR_PROPERTY;
    if (value == null || value.isBlank()) {
      value = System.getenv(FACTOR_ENV);
      source = "environment variable " + FACTOR_ENV;
    }
    if (value == null || value.isBlank()) {
      return defaults();
    }
    try {
      return new TckTimeouts(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + " must be a positive number such as 2 or 0.5, was '" + value + "'", e);
    }
  }

  /** {@code base} times the factor. */
  public Duration scale(Duration base) {
    Objects.requireNonNull(base, "base");
    return Duration.ofNanos(Math.round(base.toNanos() * factor));
  }

  /** How long to wait for one expected event. */
  public Duration event() {
    return scale(BASE_EVENT);
  }

  /** How long to wait for bulk work. */
  public Duration bulk() {
    return scale(BASE_BULK);
  }

  /** How long a real-time test watches to prove that nothing is delivered. */
  public Duration quietPeriod() {
    return scale(BASE_QUIET);
  }

  /** The blocking wait of one polling fetch against a real-time broker. */
  public Duration pollFetch() {
    return scale(BASE_POLL_FETCH);
  }
}
