package dev.docket.broker.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One live message of a queue. Mutated only under the broker lock, and only while it sits in
 * none of the ordered sets whose order depends on the field being changed. */
final class Entry {
  /** Ready order: higher priority first, then first-come (by sequence). */
  static final Comparator<Entry> READY_ORDER = Comparator
      .comparingInt((Entry e) -> -e.priority)
      .thenComparingLong(e -> e.seq);

  /** Age order of ready entries, for the oldest-ready statistic. */
  static final Comparator<Entry> AGE_ORDER = Comparator
      .comparing((Entry e) -> Objects.requireNonNull(e.readySince))
      .thenComparingLong(e -> e.seq);

  /** Due order of delayed entries. */
  static final Comparator<Entry> DUE_ORDER = Comparator
      .comparing(Entry::dueAt)
      .thenComparingLong(e -> e.seq);

  /** Expiry order of leased entries. */
  static final Comparator<Entry> LEASE_ORDER = Comparator
      .comparing(Entry::leaseExpiresAt)
      .thenComparingLong(e -> e.seq);

  final String id;
  final byte[] body;
  final Map<String, String> headers;
  final int priority;
  final Instant enqueuedAt;
  long seq;
  int deliveryCount;
  // Set while the entry is ready, delayed or leased respectively; null otherwise.
  @Nullable Instant readySince;
  @Nullable Instant dueAt;
  @Nullable String leaseToken;
  @Nullable Instant leaseExpiresAt;

  Entry(String id, byte[] body, Map<String, String> headers, int priority, Instant enqueuedAt,
      long seq) {
    this.id = id;
    this.body = body;
    this.headers = headers;
    this.priority = priority;
    this.enqueuedAt = enqueuedAt;
    this.seq = seq;
  }

  /** The due time of a delayed entry. */
  static Instant dueAt(Entry e) {
    return Objects.requireNonNull(e.dueAt, "dueAt of a delayed entry");
  }

  /** The lease deadline of a leased entry. */
  static Instant leaseExpiresAt(Entry e) {
    return Objects.requireNonNull(e.leaseExpiresAt, "leaseExpiresAt of a leased entry");
  }
}
