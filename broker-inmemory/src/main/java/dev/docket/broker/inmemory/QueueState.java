package dev.docket.broker.inmemory;

import dev.docket.QueueStats;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The state of one queue. Not thread-safe: the broker guards it with its lock. */
final class QueueState {
  final String name;
  final TreeSet<Entry> ready = new TreeSet<>(Entry.READY_ORDER);
  final TreeSet<Entry> readyByAge = new TreeSet<>(Entry.AGE_ORDER);
  final TreeSet<Entry> delayed = new TreeSet<>(Entry.DUE_ORDER);
  final TreeSet<Entry> leasedByExpiry = new TreeSet<>(Entry.LEASE_ORDER);
  final Map<String, Entry> leased = new HashMap<>();
  final Map<String, Entry> live = new HashMap<>();
  final TreeMap<Long, DeadLetter> dead = new TreeMap<>();
  final Map<String, Long> deadSeqById = new HashMap<>();

  QueueState(String name) {
    this.name = name;
  }

  void addReady(Entry e, Instant since) {
    e.readySince = since;
    e.dueAt = null;
    ready.add(e);
    readyByAge.add(e);
  }

  void removeReady(Entry e) {
    ready.remove(e);
    readyByAge.remove(e);
  }

  void addDelayed(Entry e, Instant due) {
    e.dueAt = due;
    delayed.add(e);
  }

  void addLeased(Entry e, String token, Instant expiresAt) {
    e.leaseToken = token;
    e.leaseExpiresAt = expiresAt;
    leased.put(token, e);
    leasedByExpiry.add(e);
  }

  @Nullable Entry removeLeased(String token) {
    Entry e = leased.remove(token);
    if (e != null) {
      leasedByExpiry.remove(e);
      e.leaseToken = null;
      e.leaseExpiresAt = null;
    }
    return e;
  }

  /** Moves due delayed entries to ready and expired leases back to ready. */
  void promote(Instant now) {
    while (!delayed.isEmpty() && !Entry.dueAt(delayed.first()).isAfter(now)) {
      Entry e = delayed.pollFirst();
      addReady(e, Entry.dueAt(e));
    }
    while (!leasedByExpiry.isEmpty()
        && !Entry.leaseExpiresAt(leasedByExpiry.first()).isAfter(now)) {
      Entry e = leasedByExpiry.first();
      Instant expired = Entry.leaseExpiresAt(e);
      removeLeased(Objects.requireNonNull(e.leaseToken));
      addReady(e, expired);
    }
  }

  /** The next instant at which {@link #promote} would change something, or null. */
  @Nullable Instant nextEvent() {
    Instant next = delayed.isEmpty() ? null : Entry.dueAt(delayed.first());
    if (!leasedByExpiry.isEmpty()) {
      Instant lease = Entry.leaseExpiresAt(leasedByExpiry.first());
      if (next == null || lease.isBefore(next)) {
        next = lease;
      }
    }
    return next;
  }

  QueueStats stats() {
    Instant oldest = readyByAge.isEmpty() ? null : readyByAge.first().readySince;
    return new QueueStats(name, ready.size(), delayed.size(), leased.size(), dead.size(), oldest);
  }

  /** Removes and returns the dead letters matching {@code filter} that are also {@code eligible}. */
  List<DeadLetter> removeDead(DeadLetterFilter filter, Predicate<DeadLetter> eligible) {
    List<DeadLetter> out = new ArrayList<>();
    for (Iterator<DeadLetter> it = dead.values().iterator(); it.hasNext(); ) {
      DeadLetter d = it.next();
      if (filter.matches(d) && eligible.test(d)) {
        it.remove();
        deadSeqById.remove(d.id());
        out.add(d);
      }
    }
    return out;
  }

  /** Removes one ready or delayed (not leased) entry. */
  void removeWaiting(Entry e) {
    if (e.dueAt != null) {
      delayed.remove(e);
    } else {
      removeReady(e);
    }
    live.remove(e.id);
  }

  List<Entry> removeWaiting() {
    List<Entry> out = new ArrayList<>(ready);
    out.addAll(delayed);
    ready.clear();
    readyByAge.clear();
    delayed.clear();
    out.forEach(e -> live.remove(e.id));
    return out;
  }
}
