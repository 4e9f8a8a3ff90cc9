package dev.docket.broker.redis.internal;

import java.util.concurrent.TimeUnit;

/**
 * An estimate of the Redis server's clock, from the times its scripts report, so that a reserve
 * can carry its caller's deadline in server time: a reserve that the server runs only after the
 * caller stopped waiting (queued behind a stall) must lease nothing. The estimate is anchored on
 * when a command was sent, so it runs ahead of the server by the round trip: a deadline comes out
 * late rather than early, and a caller that still waits is never refused. Thread-safe.
 */
public final class ServerClock {

  private static final long REANCHOR_NANOS = TimeUnit.SECONDS.toNanos(10);

  private long offsetMs;
  private long anchoredAt;
  private boolean known;

  /** Records that a command sent at {@code sentNanos} (the broker's {@code TimeSource#nanoTime}) saw {@code serverMs}. */
  public synchronized void observe(long serverMs, long sentNanos) {
    long offset = serverMs - TimeUnit.NANOSECONDS.toMillis(sentNanos);
    // The smallest offset is the fastest round trip, the best estimate; renewed now and then so
    // that a server clock that was stepped is followed.
    if (!known || offset < offsetMs || sentNanos - anchoredAt > REANCHOR_NANOS) {
      offsetMs = offset;
      anchoredAt = sentNanos;
      known = true;
    }
  }

  /** Forgets the estimate and takes this observation, after the server refused a deadline. */
  public synchronized void reset(long serverMs, long sentNanos) {
    known = false;
    observe(serverMs, sentNanos);
  }

  /**
   * The server time at which a command sent at {@code sentNanos} with {@code timeoutMs} is given
   * up by its caller, or -1 while the server's clock is unknown.
   */
  public synchronized long deadline(long sentNanos, long timeoutMs) {
    return known ? TimeUnit.NANOSECONDS.toMillis(sentNanos) + offsetMs + timeoutMs : -1;
  }
}
