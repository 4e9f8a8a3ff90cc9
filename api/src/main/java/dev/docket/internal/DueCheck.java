package dev.docket.internal;

import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's own check that a job is due before its handler runs. Brokers decide due times on
 * the server's clock from a delay that travels as a duration, so a job normally arrives on time;
 * this check keeps "never early" true against the worker's clock as well, whatever a broker's
 * emulation (TTL tiers, whole-second SQS delays) or a clock between producer and server did.
 *
 * <p>A job that arrives a little early is held on its own thread under its lease (the lease
 * keeper extends it) until its eta, on the injected clock; one that arrives more than {@link
 * #MAX_HOLD} early is handed back to the broker with the rest of its delay, so a worker slot is
 * never held for long by a job that is not due. Thread-safe and stateless.
 */
final class DueCheck {
  /** The longest a worker holds an early job in a slot instead of handing it back. */
  static final Duration MAX_HOLD = Duration.ofSeconds(5);

  /** What to do with a delivery whose envelope names an eta. */
  sealed interface Verdict {
    /** Due now (or no eta): run it. */
    record Run() implements Verdict {}

    /** Early by more than {@link #MAX_HOLD}: release it with this delay. */
    record HandBack(Duration delay) implements Verdict {}
  }

  private static final Verdict RUN = new Verdict.Run();

  private DueCheck() {}

  /**
   * Waits on {@code clock} until {@code eta} when it is at most {@link #MAX_HOLD} away; returns
   * {@link Verdict.HandBack} with the remaining delay when it is further away, or when the wait
   * is interrupted (shutdown), so the job goes back to the broker at once and is never lost.
   */
  static Verdict await(@Nullable Instant eta, TimeSource clock) {
    if (eta == null) {
      return RUN;
    }
    Duration early = Duration.between(clock.instant(), eta);
    if (!early.isPositive()) {
      return RUN;
    }
    if (early.compareTo(MAX_HOLD) > 0) {
      return new Verdict.HandBack(early);
    }
    try (ClockTimer timer = new ClockTimer(clock)) {
      while (!timer.awaitUntil(eta)) {
        // Woken without reaching the eta (a spurious wake-up): wait on.
      }
      return RUN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Duration rest = Duration.between(clock.instant(), eta);
      return new Verdict.HandBack(rest.isPositive() ? rest : Duration.ZERO);
    }
  }
}
