package dev.docket.testing;

import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TimeSource} that moves only when told, for tests. It starts at {@link
 * #DEFAULT_START}, not the epoch, so code that mistakes 0 for "unset" is caught. It is {@link
 * #controllable()}: components that wait on time (brokers, the worker runtime, the scheduler)
 * subscribe with {@link #onChange} and wake up when it moves. It is also a UTC {@link Clock}, so
 * it can be handed to {@code Clock}-typed settings; {@link TimeSource#of(Clock)} finds it again.
 *
 * <p>{@link #nanoTime()} is real elapsed time plus every {@link #advance}: bounded waits in the
 * library (a fetch's long poll, a shutdown grace) still end in real time, so a test that forgets
 * to advance fails instead of hanging, and end at once when the test advances past them.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class ManualClock extends Clock implements TimeSource {

  /** Where a new clock starts: 2030-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final long origin = System.nanoTime();
  private volatile Instant now;
  private volatile long advancedNanos;

  /** At {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** At {@code start}. */
  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Moves forward by {@code amount} and wakes {@link #onChange} listeners. */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a ManualClock never goes back; amount was " + amount);
    }
    synchronized (this) {
      now = now.plus(amount);
      advancedNanos = saturatedAdd(advancedNanos, amount);
    }
    listeners.forEach(Runnable::run);
  }

  @Override
  public Subscription onChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    // A wrapper per subscription, so subscribing one Runnable twice needs two closes.
    Runnable entry = () -> listener.run();
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  @Override
  public boolean controllable() {
    return true;
  }

  @Override
  public long nanoTime() {
    // Real elapsed time keeps bounded waits finite; see the class comment.
    return System.nanoTime() - origin + advancedNanos;
  }

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("ManualClock runs in UTC only");
  }

  @Override
  public String toString() {
    return "ManualClock[" + now + "]";
  }

  private static long saturatedAdd(long nanos, Duration amount) {
    long add;
    try {
      add = amount.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
    long sum = nanos + add;
    return sum < nanos || sum > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : sum;
  }
}
