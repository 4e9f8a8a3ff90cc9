package dev.docket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told, for tests. It starts at {@link #DEFAULT_START}, not the
 * epoch, so code that mistakes 0 for "unset" is caught. Components that wait on time (the
 * in-memory broker) register with {@link #onAdvance} to wake up when it moves. Thread-safe.
 *
 * @since 0.1
 */
public final class ManualClock extends Clock {

  /** Where a new clock starts: 2030-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final List<Runnable> listeners;
  private volatile Instant now;

  /** At {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** At {@code start}. */
  public ManualClock(Instant start) {
    this(start, new CopyOnWriteArrayList<>());
  }

  private ManualClock(Instant start, List<Runnable> listeners) {
    this.now = Objects.requireNonNull(start, "start");
    this.listeners = listeners;
  }

  /** Moves forward by {@code amount} and wakes listeners. */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a ManualClock never goes back; amount was " + amount);
    }
    synchronized (this) {
      now = now.plus(amount);
    }
    listeners.forEach(Runnable::run);
  }

  /** Runs {@code listener} after every {@link #advance}. */
  public void onAdvance(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  public void removeListener(Runnable listener) {
    listeners.remove(listener);
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
}
