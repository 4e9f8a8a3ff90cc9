package dev.docket.internal;

import dev.docket.spi.TimeSource;

/**
 * Wakes result waiters of this process when a job ends here, so a local wait does not have to
 * poll; waiters still poll the store (bounded) for jobs that end in other processes. Thread-safe.
 */
public final class Completions {
  private final TimeSource time;
  private long generation;

  /** A fresh signal whose waits are measured on {@code time}. */
  public Completions(TimeSource time) {
    this.time = time;
  }


  /** The current generation; pass it to {@link #await}. */
  public synchronized long generation() {
    return generation;
  }

  /** Wakes every waiter. */
  public synchronized void signal() {
    generation++;
    notifyAll();
  }

  /**
   * Waits up to {@code nanos} for a signal after {@code seen}; returns early on one. Throws on
   * interrupt.
   */
  public synchronized void await(long seen, long nanos) throws InterruptedException {
    long deadline = time.nanoTime() + nanos;
    long left = nanos;
    while (generation == seen && left > 0) {
      wait(Math.max(1, left / 1_000_000));
      left = deadline - time.nanoTime();
    }
  }
}
