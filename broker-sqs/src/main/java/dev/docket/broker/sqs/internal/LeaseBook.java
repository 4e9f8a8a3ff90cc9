package dev.docket.broker.sqs.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The leases this broker handed out, so a stale token is refused without asking SQS: AWS accepts
 * a delete with an outdated receipt handle and reports success even when it removes nothing.
 * Keyed by SQS message id; holds the newest token and whether it was settled. Across processes
 * SQS itself decides (ElasticMQ refuses stale receipt handles; AWS may accept them, which loses
 * nothing: the message stays with its newest holder).
 *
 * <p>Entries are dropped an hour after their lease ended. Thread-safe.
 */
final class LeaseBook {

  private static final long KEEP_MILLIS = 3_600_000;
  private static final int SWEEP_ABOVE = 50_000;

  private record Entry(String token, long expiresAtMillis, boolean settled) {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  /** Records a new lease; it supersedes every older token of the message. */
  void leased(LeaseToken token, long expiresAtMillis, long nowMillis) {
    entries.put(token.messageId(), new Entry(token.raw(), expiresAtMillis, false));
    if (entries.size() > SWEEP_ABOVE && nowMillis - lastSweep > 1000) {
      lastSweep = nowMillis;
      entries.values().removeIf(e -> e.expiresAtMillis() + KEEP_MILLIS < nowMillis);
    }
  }

  /** False when this broker knows the token is superseded or already settled. */
  boolean current(LeaseToken token) {
    Entry e = entries.get(token.messageId());
    return e == null || (e.token().equals(token.raw()) && !e.settled());
  }

  /** Marks the token settled (acked, released, dead-lettered): later calls with it fail. */
  void settled(LeaseToken token) {
    entries.computeIfPresent(token.messageId(), (k, e) -> Objects.equals(e.token(), token.raw())
        ? new Entry(e.token(), e.expiresAtMillis(), true) : e);
  }

  /** Moves the recorded expiry of a live token. */
  void extended(LeaseToken token, long expiresAtMillis) {
    entries.computeIfPresent(token.messageId(), (k, e) -> e.token().equals(token.raw())
        ? new Entry(e.token(), expiresAtMillis, e.settled()) : e);
  }
}
