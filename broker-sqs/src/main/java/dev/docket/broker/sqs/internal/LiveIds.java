package dev.docket.broker.sqs.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotent enqueue for SQS, which has no lookup by id and no standard-queue de-duplication:
 * the ids this process published and has not yet seen acked or dead-lettered, each for at most
 * the de-duplication window, and at most {@link #MAX_IDS} of them (oldest forgotten first). It
 * answers "is this id live?" exactly for jobs published and settled through this broker
 * instance; across processes a duplicate id is not detected (documented as a declared limit).
 *
 * <p>Thread-safe (one lock; every operation is a map update).
 */
final class LiveIds {

  static final int MAX_IDS = 1_000_000;

  private final long windowMillis;
  private final LinkedHashMap<String, Long> expiry = new LinkedHashMap<>();

  LiveIds(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  private static String key(String queue, String id) {
    return queue + '\u0000' + id;
  }

  /** Claims the id; false when it is live already. */
  synchronized boolean claim(String queue, String id, long nowMillis) {
    evict(nowMillis);
    String k = key(queue, id);
    Long until = expiry.get(k);
    if (until != null && until > nowMillis) {
      return false;
    }
    expiry.remove(k);
    expiry.put(k, nowMillis + windowMillis);
    return true;
  }

  /** Marks the id live again (a replay from the dead-letter queue). */
  synchronized void mark(String queue, String id, long nowMillis) {
    String k = key(queue, id);
    expiry.remove(k);
    expiry.put(k, nowMillis + windowMillis);
  }

  /** Frees the id: its message was acked or dead-lettered, or its publish failed. */
  synchronized void release(String queue, String id) {
    expiry.remove(key(queue, id));
  }

  /** Forgets every id of a queue (purge). */
  synchronized void releaseQueue(String queue) {
    String head = queue + '\u0000';
    expiry.keySet().removeIf(k -> k.startsWith(head));
  }

  private void evict(long nowMillis) {
    Iterator<Map.Entry<String, Long>> it = expiry.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (expiry.size() > MAX_IDS || e.getValue() <= nowMillis) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
