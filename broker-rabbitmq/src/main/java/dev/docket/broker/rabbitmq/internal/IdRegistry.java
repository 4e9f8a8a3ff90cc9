package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ids this client published and has not seen settled, per queue: RabbitMQ has no
 * deduplication, so idempotent enqueue is kept here. An id leaves when this client acks,
 * dead-letters or purges it, or when its entry expires (the dedup window after it was due): an
 * id settled by another process is therefore refused as a duplicate by this one until then.
 * Thread-safe (one lock).
 */
final class IdRegistry implements LiveIds {
  private static final int SWEEP_EVERY = 4096;

  private final Map<String, Map<String, Instant>> live = new HashMap<>();
  private int sinceSweep;

  /** Records {@code id} until {@code expires}; false when it is live already. */
  @Override
  public synchronized boolean add(String queue, String id, Instant expires, Instant now) {
    Map<String, Instant> ids = live.computeIfAbsent(queue, q -> new HashMap<>());
    Instant current = ids.get(id);
    if (current != null && current.isAfter(now)) {
      return false;
    }
    ids.put(id, expires);
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(now);
    }
    return true;
  }

  /** Whether {@code id} is live in {@code queue}. */
  @Override
  public synchronized boolean contains(String queue, String id, Instant now) {
    Map<String, Instant> ids = live.get(queue);
    Instant e = ids == null ? null : ids.get(id);
    return e != null && e.isAfter(now);
  }

  /** Keeps a known id live at least until {@code expires}. */
  @Override
  public synchronized void extend(String queue, String id, Instant expires) {
    Map<String, Instant> ids = live.get(queue);
    if (ids != null) {
      ids.computeIfPresent(id, (k, e) -> e.isBefore(expires) ? expires : e);
    }
  }

  @Override
  public synchronized void remove(String queue, String id) {
    Map<String, Instant> ids = live.get(queue);
    if (ids != null) {
      ids.remove(id);
    }
  }

  /** Forgets every id of {@code queue} except those {@code keep} accepts. */
  @Override
  public synchronized void removeAll(String queue, Predicate<String> keep) {
    Map<String, Instant> ids = live.get(queue);
    if (ids != null) {
      ids.keySet().removeIf(keep.negate());
    }
  }

  @Override
  public void close() {
    // Nothing held outside this object.
  }

  private void sweep(Instant now) {
    for (Iterator<Map<String, Instant>> q = live.values().iterator(); q.hasNext(); ) {
      Map<String, Instant> ids = q.next();
      ids.values().removeIf(e -> !e.isAfter(now));
      if (ids.isEmpty()) {
        q.remove();
      }
    }
  }
}
