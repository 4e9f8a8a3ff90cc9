package dev.docket.internal;

import dev.docket.spi.Capabilities;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's own check that a job is due before its handler runs, and the other half of
 * delayed jobs starting on time. Brokers decide due times on the server's clock from a delay that
 * travels as a duration, so a job arrives no earlier than the broker was asked; this check keeps
 * "never early" true against the worker's clock as well, whatever a broker's emulation (TTL
 * tiers, whole-second SQS delays) or a clock between producer and server did.
 *
 * <p>On time: a broker's native delay is coarse (RabbitMQ's TTL tiers add a dead-letter hop per
 * set bit, SQS delays by whole seconds and a pump moves due messages, Redis promotes on its
 * fetchers' wake-ups) and may be late by up to its declared {@link Capabilities#delayTolerance()}.
 * So the enqueuer asks the broker for {@link #arrival} — the job's eta less that tolerance (at
 * most {@link #MAX_LEAD}) — while the envelope keeps the true eta; the job arrives a little
 * before it is due, and the worker holds it here until the eta on its own clock. A controllable
 * (test) clock gets no lead: time moves only when a test moves it, and brokers are exact then.
 *
 * <p>A job that arrives early is held under its lease (it stays in the worker's in-flight set, so
 * the lease keeper extends it); it has not started, so nothing charges it an attempt. While it is
 * held its worker slot is given back ({@link InFlight#onHold}); when due it takes a slot again at
 * once, if need be one of a fetch under way ({@link WorkerSlots#takeDue}).
 * Shutdown ends a hold at once ({@link InFlight#stopHold}) and the job goes back to the broker
 * with the rest of its delay. One that arrives more than {@link #MAX_HOLD} early is
 * handed back at once. Thread-safe and stateless.
 */
final class DueCheck {
  /** The longest a worker holds an early job in a slot instead of handing it back. */
  static final Duration MAX_HOLD = Duration.ofSeconds(5);

  /** What to do with a delivery whose envelope names an eta. */
  sealed interface Verdict {
    /** Due now (or no eta): run it. */
    record Run() implements Verdict {}

    /**
     * Release it with this delay: early by more than {@link #MAX_HOLD}, or its hold ended by
     * shutdown ({@code stopping}).
     */
    record HandBack(Duration delay, boolean stopping) implements Verdict {}
  }

  /** The most a job is asked to arrive before its eta, whatever the broker's tolerance. */
  static final Duration MAX_LEAD = Duration.ofSeconds(2);

  private static final Verdict RUN = new Verdict.Run();

  private DueCheck() {}

  /**
   * The instant to ask the broker to deliver a job due at {@code eta} (null: now): the eta less
   * the broker's delay tolerance, capped at {@link #MAX_LEAD}; null when that is not after
   * {@code now}. The envelope keeps the true eta, which {@link #await} holds the job until.
   */
  static @Nullable Instant arrival(@Nullable Instant eta, Instant now, Capabilities caps,
      TimeSource clock) {
    if (eta == null || clock.controllable()) {
      return eta;
    }
    Duration lead = caps.delayTolerance();
    if (lead.compareTo(MAX_LEAD) > 0) {
      lead = MAX_LEAD;
    }
    Instant at = lead.isPositive() ? eta.minus(lead) : eta;
    return at.isAfter(now) ? at : null;
  }

  /**
   * Waits on {@code clock} until {@code eta} when it is at most {@link #MAX_HOLD} away; returns
   * {@link Verdict.HandBack} with the remaining delay when it is further away or the flight may
   * not be held ({@link InFlight#noHold}), or when shutdown ended the hold (or the thread was
   * interrupted), so the job goes back to the broker at once and is never lost.
   */
  static Verdict await(@Nullable Instant eta, TimeSource clock, InFlight flight) {
    if (eta == null) {
      return RUN;
    }
    Duration early = Duration.between(clock.instant(), eta);
    if (!early.isPositive()) {
      return RUN;
    }
    if (early.compareTo(MAX_HOLD) > 0 || !flight.holdable()) {
      return new Verdict.HandBack(early, false);
    }
    if (!flight.beginHold(eta)) {
      return new Verdict.HandBack(early, true);
    }
    boolean reached = false;
    try (ClockTimer timer = new ClockTimer(clock)) {
      while (!timer.awaitUntil(eta)) {
        // Woken without reaching the eta (a spurious wake-up): wait on.
      }
      reached = true;
    } catch (InterruptedException e) {
      // Shutdown ended the hold: handled below.
    }
    if (reached && flight.endHold()) {
      return RUN;
    }
    // Shutdown ended the hold (its interrupt is ours, not a handler's): hand the job back.
    Thread.interrupted();
    Duration rest = Duration.between(clock.instant(), eta);
    return new Verdict.HandBack(rest.isPositive() ? rest : Duration.ZERO, true);
  }
}
