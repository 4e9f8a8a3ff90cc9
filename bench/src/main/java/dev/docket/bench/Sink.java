package dev.docket.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work every consumer does, Docket handler and baseline thread alike: note the start latency
 * and count the job done. Thread-safe.
 */
final class Sink {
  private final long[] latencies;
  private final AtomicInteger next = new AtomicInteger();
  private final CountDownLatch done;

  /** Expects {@code jobs} jobs. */
  Sink(int jobs) {
    this.latencies = new long[jobs];
    this.done = new CountDownLatch(jobs);
  }

  /** One job ran; called first thing in the handler. */
  void accept(Ping ping) {
    long latency = System.nanoTime() - ping.sentNanos();
    int i = next.getAndIncrement();
    // At-least-once brokers may run a job twice; extra runs are counted, not stored.
    if (i < latencies.length) {
      latencies[i] = latency;
    }
    done.countDown();
  }

  /** Waits for every expected job; fails naming how many are missing. */
  void await(Duration timeout) throws InterruptedException, TimeoutException {
    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException(done.getCount() + " of " + latencies.length
          + " jobs had not run after " + timeout);
    }
  }

  /** The recorded latencies, once {@link #await} returned. */
  long[] latencies() {
    return latencies.clone();
  }
}
