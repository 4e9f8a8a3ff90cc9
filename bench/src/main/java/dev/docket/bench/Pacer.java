package dev.docket.bench;

import dev.docket.bench.Subject.LatencyRun;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces sends evenly at a fixed rate. Slots are fixed from the start, so one slow send does not
 * shift the rest (the producer catches up instead of drifting to a lower rate).
 */
final class Pacer {
  private final long start = System.nanoTime();
  private final long intervalNanos;

  Pacer(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("rate must be at least 1/s, was " + perSecond);
    }
    this.intervalNanos = 1_000_000_000L / perSecond;
  }

  /** Parks until the slot of send number {@code i} (0-based). */
  void awaitSlot(int i) {
    long due = start + i * intervalNanos;
    long left;
    while ((left = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** Sends per second actually achieved for {@code sent} sends so far. */
  double achievedRate(int sent) {
    return sent * 1e9 / (System.nanoTime() - start);
  }

  /** Sends one ping; what differs between the subjects' latency runs. */
  interface Send {
    void send(Ping ping) throws Exception;
  }

  /**
   * The body of every subject's latency run: sends pings 0 to {@code jobs - 1} at {@code
   * perSecond}, each stamped just before its send, then waits until {@code sink} has seen them all.
   */
  static LatencyRun latencyRun(int jobs, int perSecond, Sink sink, Duration timeout, Send send)
      throws Exception {
    Pacer pacer = new Pacer(perSecond);
    for (int i = 0; i < jobs; i++) {
      pacer.awaitSlot(i);
      send.send(new Ping(i, System.nanoTime()));
    }
    double sent = pacer.achievedRate(jobs);
    sink.await(timeout);
    return new LatencyRun(sink.latencies(), sent);
  }
}
