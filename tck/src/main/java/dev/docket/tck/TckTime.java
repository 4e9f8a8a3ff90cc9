package dev.docket.tck;

import dev.docket.spi.Capabilities;
import dev.docket.spi.TimeSource;
import dev.docket.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;

/**
 * Moves time for a test, the same way whatever the broker. When the broker declares {@link
 * Capabilities#controllableClock()}, time is the test's {@link ManualClock} and moves only when
 * the TCK advances it: delays and leases cost no real time and every check is exact. Otherwise
 * time is the system clock and "advancing" waits in real time, bounded by Awaitility; tests then
 * use short delays and leases and assert with the broker's declared tolerances.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class TckTime {

  /** Lease of a test delivery that must not expire during the test: 5 minutes. */
  public static final Duration LONG_LEASE = Duration.ofMinutes(5);

  /** Shortest lease a real-time test uses even if the broker allows less: 1 s. */
  public static final Duration MIN_REAL_LEASE = Duration.ofSeconds(1);

  /** Lease a controllable-clock test uses when it wants to watch one expire: 30 s. */
  public static final Duration MANUAL_LEASE = Duration.ofSeconds(30);

  private final boolean controllable;
  /** The test's context: its manual clock and its timeouts. */
  private final TckContext ctx;
  private final TimeSource time;
  private final Duration shortLease;

  private TckTime(boolean controllable, TckContext ctx, Duration minLease) {
    this.controllable = controllable;
    this.ctx = ctx;
    this.time = controllable ? ctx.clock() : TimeSource.system();
    this.shortLease = controllable ? MANUAL_LEASE
        : (minLease.compareTo(MIN_REAL_LEASE) > 0 ? minLease : MIN_REAL_LEASE);
  }

  /** Time as the broker with {@code capabilities} sees it in the test of {@code ctx}. */
  public static TckTime of(Capabilities capabilities, TckContext ctx) {
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(ctx, "ctx");
    return new TckTime(capabilities.controllableClock(), ctx, capabilities.minLease());
  }

  /**
   * Time for a component that is not a broker (a state store, or a broker and store together):
   * {@code controllable} when it reads {@link TckContext#clock()}, else the system clock.
   */
  public static TckTime of(boolean controllable, TckContext ctx) {
    Objects.requireNonNull(ctx, "ctx");
    return new TckTime(controllable, ctx, MIN_REAL_LEASE);
  }

  /** Whether time moves only when advanced. */
  public boolean controllable() {
    return controllable;
  }

  /** The time source the broker reads: the manual clock, or {@link TimeSource#system()}. */
  public TimeSource time() {
    return time;
  }

  /** {@link #time()} as a {@link Clock}, for {@code Clock}-typed settings. */
  public Clock clock() {
    return time.clock();
  }

  /** Broker time now. */
  public Instant now() {
    return time.instant();
  }

  /**
   * Runs due jobs with {@code run} (which returns how many ran) until {@code expected} ran: once
   * on a manual clock, where all due jobs run at once; in real time repeatedly within the event
   * timeout, since a real broker may need a moment before a just-due message is visible to a
   * non-blocking fetch. Returns how many ran.
   */
  int runDue(IntSupplier run, int expected) {
    int ran = run.getAsInt();
    long deadline = System.nanoTime() + ctx.timeouts().event().toNanos();
    while (!controllable && ran < expected && System.nanoTime() < deadline) {
      advance(Duration.ofMillis(20));
      ran += run.getAsInt();
    }
    return ran;
  }

  /**
   * Lets {@code amount} of broker time pass: advances the manual clock, or waits in real time.
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative() || amount.isZero()) {
      return;
    }
    if (controllable) {
      ctx.clock().advance(amount);
      return;
    }
    advanceTo(now().plus(amount));
  }

  /** Lets broker time reach {@code instant}; nothing happens when it already has. */
  public void advanceTo(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    if (controllable) {
      Duration gap = Duration.between(ctx.clock().instant(), instant);
      if (gap.isPositive()) {
        ctx.clock().advance(gap);
      }
      return;
    }
    Duration gap = Duration.between(now(), instant);
    if (!gap.isPositive()) {
      return;
    }
    // Real time: poll the wall clock rather than sleeping, bounded so a stuck clock fails loudly.
    Awaitility.await("real time to reach " + instant)
        .atMost(gap.plus(ctx.timeouts().event()))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !time.instant().isBefore(instant));
  }

  /**
   * A lease the test means to let expire: 30 s of manual time, or in real time the broker's
   * minimum lease but at least {@link #MIN_REAL_LEASE}.
   */
  public Duration shortLease() {
    return shortLease;
  }

  /**
   * The blocking wait of a fetch that expects whatever is due now: zero on a controllable clock
   * (the broker must answer from its state), {@link TckTimeouts#pollFetch()} in real time.
   */
  public Duration fetchWait() {
    return controllable ? Duration.ZERO : ctx.timeouts().pollFetch();
  }

  @Override
  public String toString() {
    return controllable ? "TckTime[manual " + ctx.clock().instant() + "]" : "TckTime[real time]";
  }
}
