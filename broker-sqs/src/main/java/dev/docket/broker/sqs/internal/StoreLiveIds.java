package dev.docket.broker.sqs.internal;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@link LiveIdGuard} in a shared {@link StateStore}, so every process publishing to a queue
 * agrees: a claim is {@code putIfAbsent} with a TTL, a release a delete. A purge cannot free the
 * ids of delayed messages it removed (the store has no delete-by-prefix and PurgeQueue does not
 * say which ids went); they free themselves when their claims expire.
 */
public final class StoreLiveIds implements LiveIdGuard {

  private static final byte[] LIVE = "live".getBytes(StandardCharsets.US_ASCII);

  private final StateStore store;
  private final String prefix;
  private final boolean owned;

  /**
   * @param prefix keeps these keys apart from other users of the store
   * @param owned whether {@link #close()} closes the store
   */
  public StoreLiveIds(StateStore store, String prefix, boolean owned) {
    this.store = store;
    this.prefix = "docket:sqs-live:" + prefix + ":";
    this.owned = owned;
  }

  private String key(String queue, String id) {
    return prefix + queue + ":" + id;
  }

  private static Duration ttl(long nowMillis, long untilMillis) {
    return Duration.ofMillis(Math.max(1, untilMillis - nowMillis));
  }

  @Override
  public boolean claim(String queue, String id, long nowMillis, long untilMillis) {
    return store.putIfAbsent(key(queue, id), LIVE, ttl(nowMillis, untilMillis));
  }

  @Override
  public void mark(String queue, String id, long nowMillis, long untilMillis) {
    store.put(key(queue, id), LIVE, ttl(nowMillis, untilMillis));
  }

  @Override
  public void release(String queue, String id) {
    store.delete(key(queue, id));
  }

  @Override
  public void releaseQueue(String queue) {
    // Not possible through the StateStore SPI; claims expire on their own.
  }

  @Override
  public void close() {
    if (owned) {
      store.close();
    }
  }
}
