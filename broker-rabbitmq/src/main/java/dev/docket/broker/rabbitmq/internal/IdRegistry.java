package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveIds} in this process. The ids this client published and has not seen settled, per
 * queue: RabbitMQ has no deduplication, so idempotent enqueue is kept here. An id leaves when
 * this client acks, dead-letters or purges it, or when its entry expires (the dedup window after
 * it was due): an id settled by another process is therefore refused as a duplicate by this one
 * until then. The run claims likewise cover only this process's own leases and completions.
 * Thread-safe (one lock).
 */
final class IdRegistry implements LiveIds {
  private static final int SWEEP_EVERY = 4096;

  /** A run claim's value and when it lapses. */
  private record Entry(String value, Instant expires) {}

  private final Map<String, Map<String, Instant>> live = new HashMap<>();
  private final Map<String, Map<String, Entry>> runs = new HashMap<>();
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
  public synchronized Claim claim(String queue, String id, @Nullable String incarnation,
      String token, Instant until, Instant now) {
    Map<String, Entry> ids = runs.computeIfAbsent(queue, q -> new HashMap<>());
    Entry found = ids.get(id);
    if (found != null && found.expires().isAfter(now)) {
      Claim c = LiveIds.judge(found.value(), incarnation);
      if (c != null) {
        return c;
      }
    }
    ids.put(id, new Entry(LiveIds.running(incarnation, token), until));
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(now);
    }
    return Claim.RUN;
  }

  @Override
  public synchronized void renew(String queue, String id, @Nullable String incarnation,
      String token, Instant until) {
    Map<String, Entry> ids = runs.get(queue);
    if (ids != null) {
      String mine = LiveIds.running(incarnation, token);
      ids.computeIfPresent(id, (k, e) -> e.value().equals(mine) ? new Entry(mine, until) : e);
    }
  }

  @Override
  public synchronized void unclaim(String queue, String id, @Nullable String incarnation,
      String token) {
    Map<String, Entry> ids = runs.get(queue);
    if (ids != null) {
      String mine = LiveIds.running(incarnation, token);
      ids.computeIfPresent(id, (k, e) -> e.value().equals(mine) ? null : e);
    }
  }

  @Override
  public synchronized void done(String queue, String id, @Nullable String incarnation,
      String token, Instant keep, Instant now) {
    if (incarnation == null) {
      unclaim(queue, id, null, token);
      return;
    }
    runs.computeIfAbsent(queue, q -> new HashMap<>())
        .put(id, new Entry(LiveIds.completed(incarnation), keep));
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(now);
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
    for (Iterator<Map<String, Entry>> q = runs.values().iterator(); q.hasNext(); ) {
      Map<String, Entry> ids = q.next();
      ids.values().removeIf(e -> !e.expires().isAfter(now));
      if (ids.isEmpty()) {
        q.remove();
      }
    }
  }
}
