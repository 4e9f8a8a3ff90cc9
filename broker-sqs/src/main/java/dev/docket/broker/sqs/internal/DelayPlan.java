package dev.docket.broker.sqs.internal;

import java.time.Duration;

/**
 * The arithmetic of delay hops. SQS delays a message by whole seconds, at most 15 minutes, so a
 * longer delay is a chain of hops: each hop waits {@code min(remaining, maxHop)} rounded up to a
 * whole second, and the message is re-sent until its due time has passed. Rounding up means a hop
 * never ends before the due time it aims at, so a message is never early; it may be late by less
 * than a second per final hop plus the pump's reaction time.
 */
public final class DelayPlan {
  private DelayPlan() {}

  /** The DelaySeconds of the next hop towards a due time {@code remaining} away (0 when due). */
  public static int hopSeconds(Duration remaining, Duration maxHop) {
    if (!remaining.isPositive()) {
      return 0;
    }
    long maxSeconds = Math.max(1, maxHop.toSeconds());
    long ms = remaining.toMillis();
    long seconds = ms / 1000 + (ms % 1000 == 0 && remaining.toNanos() % 1_000_000 == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(maxSeconds, seconds));
  }
}
