package dev.docket.spi;

import dev.docket.internal.SourceClock;
import dev.docket.internal.SystemTimeSource;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The one seam through which Docket, its runtime and its brokers read time: the wall instant
 * ({@link #instant()}) that due times, leases and TTLs are compared with, a monotonic {@link
 * #nanoTime()} for elapsed time and bounded waits, and {@link #onChange} so that a component
 * waiting for a due instant is woken when time moves by hand. Components never ask which
 * implementation they were given; they ask {@link #controllable()} and subscribe to changes.
 *
 * <p>Two implementations ship: {@link #system()} (the default) and {@code
 * dev.docket.testing.ManualClock}, which moves only when a test says so. Implementations must be
 * thread-safe.
 *
 * @since 0.2
 */
public interface TimeSource extends InstantSource {

  /**
   * A monotonic nanosecond counter with the contract of {@link System#nanoTime()}: only the
   * difference of two readings means anything. It never goes back, and it moves at least as fast
   * as real time, so a wait bounded by it always ends; a controllable source also moves it by
   * every manual advance, so a test that advances past a bound ends the wait at once.
   */
  long nanoTime();

  /**
   * Whether time moves only when a test says so. A broker that reads all its time from this
   * source declares {@link Capabilities#controllableClock()} from this, so the TCK advances time
   * instead of waiting. A controllable source calls its {@link #onChange} listeners on every move.
   */
  boolean controllable();

  /**
   * Runs {@code listener} (on the thread that moved time, so it must only hand off, e.g. signal a
   * waiter) whenever time moves other than by its normal flow. The system source never calls it;
   * waiters on it re-read the time on their own. Closing the returned handle unsubscribes.
   */
  Subscription onChange(Runnable listener);

  /**
   * This source as a UTC {@link Clock}, for APIs that take one (java.time, cron, old configs).
   * {@link #of(Clock)} of the returned clock gives this source (or a view delegating every call
   * to it) back, so its monotonic time, controllability and listeners survive a trip through a
   * {@code Clock}-typed setting.
   */
  default Clock clock() {
    return SourceClock.of(this);
  }

  /** Stops an {@link #onChange} listener. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** The real time: the system UTC clock and {@link System#nanoTime()}; never controllable. */
  static TimeSource system() {
    return SystemTimeSource.UTC;
  }

  /**
   * The source behind {@code clock}: the clock itself when it is a time source (a {@code
   * ManualClock}, or the {@link #clock()} view of any source), otherwise a real-time source reading
   * {@code clock} for instants and {@link System#nanoTime()} for elapsed time. This is the one
   * place that looks at what a clock is, so {@code Clock}-typed settings kept for compatibility
   * lose nothing.
   */
  static TimeSource of(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (clock instanceof TimeSource source) {
      return source;
    }
    return SystemTimeSource.reading(clock);
  }
}
