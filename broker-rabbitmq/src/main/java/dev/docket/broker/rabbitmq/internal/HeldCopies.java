package dev.docket.broker.rabbitmq.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;

/**
 * Deliveries whose run another lease still holds ({@link dev.docket.spi.LiveIdRegistry.Claim#HELD}),
 * kept unacknowledged in this process and offered to the next fetch every {@link #RECHECK}.
 *
 * <p>Why not publish them again: a copy published again lands at the tail of its queue, behind
 * the whole backlog, and a killed worker's jobs are exactly such deliveries (RabbitMQ returns
 * them, the {@link Leaser} counts the return in the shared id store, and the delivery finds the
 * dead owner's claim).
 * Kept here, the copy is asked again within {@link #RECHECK} of the dead owner's heartbeat
 * expiring, wherever the backlog stands. It stays under the consumer's prefetch, so a held copy
 * takes one delivery slot of this process while it waits. A live lease's copy is never run: each
 * re-ask goes through the same claim.
 *
 * <p>Bounds: at most {@link #MAX} copies, each for at most {@link #MAX_HOLD}; beyond either the
 * {@link Leaser} publishes the copy again with a delay as before (a long lease of a live owner
 * must not keep a delivery unacknowledged towards RabbitMQ's {@code consumer_timeout}). Cost: one
 * claim (three state-store calls) per held copy per {@link #RECHECK}, only while copies are held.
 * A held copy whose channel closed is skipped when offered: RabbitMQ has returned it already.
 *
 * <p>Thread-safe.
 */
final class HeldCopies {
  /** How often a held copy asks its claim again. */
  static final Duration RECHECK = Duration.ofMillis(250);

  /** How long a copy is held here at most, from its first {@code HELD} answer. */
  static final Duration MAX_HOLD = Duration.ofSeconds(10);

  /** How many copies this process holds at most. */
  static final int MAX = 1024;

  private record Held(Source.Buffered delivery, long since, long next) {}

  private final Deque<Held> held = new ArrayDeque<>();
  /**
   * {@code held.size()}, readable without the lock: every fetch loop asks {@link #due} and {@link
   * #nanosToNext}, and almost always nothing is held.
   */
  private volatile int count;
  /** When each copy offered by {@link #due} was first held, until it is held again or done. */
  private final IdentityHashMap<Source.Buffered, Long> offered = new IdentityHashMap<>();

  /**
   * Holds {@code b} until {@code now} + {@link #RECHECK}; false when it cannot be held (full, or
   * held for {@link #MAX_HOLD} already): then the caller publishes it again.
   */
  synchronized boolean hold(Source.Buffered b, long now) {
    Long first = offered.remove(b);
    long since = first == null ? now : first;
    if (held.size() >= MAX || now - since >= MAX_HOLD.toNanos()) {
      return false;
    }
    held.addLast(new Held(b, since, now + RECHECK.toNanos()));
    count = held.size();
    return true;
  }

  /** Up to {@code max} held copies due at {@code now}, oldest first, to ask again. */
  List<Source.Buffered> due(long now, int max) {
    return count == 0 || max <= 0 ? List.of() : takeDue(now, max);
  }

  private synchronized List<Source.Buffered> takeDue(long now, int max) {
    if (offered.size() > MAX) {
      offered.clear(); // offered on a fetch that failed and never reported back: forget them
    }
    List<Source.Buffered> out = new ArrayList<>();
    for (Iterator<Held> it = held.iterator(); it.hasNext() && out.size() < max; ) {
      Held h = it.next();
      if (h.next() - now > 0) {
        continue;
      }
      it.remove();
      offered.put(h.delivery(), h.since());
      out.add(h.delivery());
    }
    count = held.size();
    return out;
  }

  /** Offered copies that were not held again (leased, dropped, skipped, put back): forgotten. */
  synchronized void settled(List<Source.Buffered> offeredCopies) {
    for (Source.Buffered b : offeredCopies) {
      offered.remove(b);
    }
  }

  /** Nanoseconds from {@code now} until the next copy is due; {@code Long.MAX_VALUE} if none. */
  long nanosToNext(long now) {
    return count == 0 ? Long.MAX_VALUE : nanosToNextHeld(now);
  }

  private synchronized long nanosToNextHeld(long now) {
    long min = Long.MAX_VALUE;
    for (Held h : held) {
      min = Math.min(min, Math.max(0, h.next() - now));
    }
    return min;
  }

  /** Takes out every held copy of AMQP queue {@code amqp} (purge). */
  synchronized List<Source.Buffered> drain(String amqp) {
    List<Source.Buffered> out = new ArrayList<>();
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.delivery().handle().source().amqpQueue.equals(amqp)) {
        it.remove();
        out.add(h.delivery());
      }
    }
    count = held.size();
    return out;
  }

  /** How many copies are held. */
  synchronized int size() {
    return held.size();
  }
}
