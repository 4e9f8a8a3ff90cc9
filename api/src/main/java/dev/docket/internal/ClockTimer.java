package dev.docket.internal;

import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits until an instant of an injected {@link TimeSource}, not of the wall clock: it re-reads
 * the source at least every {@link #MAX_NAP} (so clock jumps are noticed) and, subscribed to
 * {@link TimeSource#onChange}, wakes as soon as a controllable source is advanced. {@link #wake()}
 * and {@link #close()} end a wait early. Thread-safe.
 */
public final class ClockTimer implements AutoCloseable {

  /** Longest single wait before the clock is read again. */
  static final Duration MAX_NAP = Duration.ofSeconds(1);

  private final TimeSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TimeSource.Subscription onChange;
  private boolean woken;
  private boolean closed;

  /** A timer on {@code clock}. */
  public ClockTimer(TimeSource clock) {
    this.clock = clock;
    this.onChange = clock.onChange(this::wake);
  }

  /**
   * Returns when {@code deadline} is reached on the clock, {@link #wake()} is called, or the
   * timer is closed. True when the deadline was reached.
   */
  public boolean awaitUntil(Instant deadline) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && !woken) {
        Duration gap = Duration.between(clock.instant(), deadline);
        if (!gap.isPositive()) {
          return true;
        }
        long nanos = Math.min(gap.toNanos(), MAX_NAP.toNanos());
        var unused = changed.await(nanos, TimeUnit.NANOSECONDS);
      }
      woken = false;
      return !clock.instant().isBefore(deadline);
    } finally {
      lock.unlock();
    }
  }

  /** Ends the current (or next) wait early. */
  public void wake() {
    signal(false);
  }

  @Override
  public void close() {
    signal(true);
    onChange.close();
  }

  /** Marks the timer woken, or closed when {@code close}, and wakes every waiter. */
  private void signal(boolean close) {
    lock.lock();
    try {
      if (close) {
        closed = true;
      } else {
        woken = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
