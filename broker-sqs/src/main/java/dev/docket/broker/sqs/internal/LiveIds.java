package dev.docket.broker.sqs.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link LiveIdGuard}: the ids this process published and has not yet seen acked or
 * dead-lettered, each until its claim expires, and at most {@link #MAX_IDS} of them (oldest
 * forgotten first). It answers "is this id live?" exactly for jobs published and settled through
 * this broker instance; across processes a duplicate id is not detected (a documented limit; a
 * shared state store lifts it, see {@link StoreLiveIds}).
 *
 * <p>Thread-safe (one lock; every operation is a map update).
 */
final class LiveIds implements LiveIdGuard {

  static final int MAX_IDS = 1_000_000;

  private final LinkedHashMap<String, Long> expiry = new LinkedHashMap<>();

  private static String key(String queue, String id) {
    return queue + '\u0000' + id;
  }

  @Override
  public synchronized boolean claim(String queue, String id, long nowMillis, long untilMillis) {
    evict(nowMillis);
    String k = key(queue, id);
    Long until = expiry.get(k);
    if (until != null && until > nowMillis) {
      return false;
    }
    expiry.remove(k);
    expiry.put(k, untilMillis);
    return true;
  }

  @Override
  public synchronized void mark(String queue, String id, long nowMillis, long untilMillis) {
    evict(nowMillis);
    String k = key(queue, id);
    expiry.remove(k);
    expiry.put(k, untilMillis);
  }

  @Override
  public synchronized void release(String queue, String id) {
    expiry.remove(key(queue, id));
  }

  @Override
  public synchronized void releaseQueue(String queue) {
    String head = queue + '\u0000';
    expiry.keySet().removeIf(k -> k.startsWith(head));
  }

  @Override
  public void close() {}

  /**
   * Drops expired claims from the head; insertion order is close to expiry order (claims of
   * delayed jobs live longer and may shield a few expired ones behind them for a while).
   */
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
