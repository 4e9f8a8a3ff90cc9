package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Incarnations: which enqueue of a job id a message is. Every copy of one enqueue (a release, a
 * lease expiry, a recorded redelivery, a publish sent twice) carries the same incarnation, so a
 * consumer can tell a duplicate copy of a completed job (dropped) from a new job that reuses the
 * id after the first was settled (run). When a publish throws with its outcome unknown (the
 * confirm was lost: the batch may be stored), the incarnations of its ids are kept for the dedup
 * window, and an enqueue of the same id from this client reuses it: the retry the caller is told
 * to make is then a copy of the first, never a second job. Thread-safe.
 */
final class Incarnations {
  private static final int SWEEP_EVERY = 1024;

  private record Pending(String incarnation, Instant until) {}

  private final Map<String, Pending> uncertain = new ConcurrentHashMap<>();
  private final AtomicInteger sinceSweep = new AtomicInteger();

  private static final HexFormat HEX = HexFormat.of();

  /** A new incarnation: 64 random bits, as 16 hex digits (one per publish: no format parsing). */
  static String fresh() {
    return HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  private static String key(String queue, String id) {
    return queue + '\u0000' + id;
  }

  /** The incarnation to publish {@code id} with: the uncertain one if any, else a fresh one. */
  String forPublish(String queue, String id, Instant now) {
    if (uncertain.isEmpty()) {
      return fresh();
    }
    Pending p = uncertain.remove(key(queue, id));
    return p != null && p.until().isAfter(now) ? p.incarnation() : fresh();
  }

  /** A publish of {@code id} as {@code incarnation} threw: it may be stored until {@code until}. */
  void uncertain(String queue, String id, String incarnation, Instant until, Instant now) {
    uncertain.put(key(queue, id), new Pending(incarnation, until));
    if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      sinceSweep.set(0);
      uncertain.values().removeIf(p -> !p.until().isAfter(now));
    }
  }
}
