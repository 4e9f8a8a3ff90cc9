package dev.docket.broker.rabbitmq.internal;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * {@link LiveIds} in a shared {@link StateStore}: a publish claims the id with {@code
 * putIfAbsent} and a TTL (the dedup window after the job is due), a lease or delayed retry
 * refreshes it, a settlement deletes it. A purge cannot free the ids it removed (the store has no
 * delete by prefix and a purge does not say which ids went): those claims expire on their own.
 */
final class StoreIds implements LiveIds {
  private static final byte[] LIVE = "live".getBytes(StandardCharsets.US_ASCII);

  private final StateStore store;
  private final Clock clock;
  private final boolean owned;

  /** {@code owned}: whether {@link #close()} closes the store. */
  StoreIds(StateStore store, Clock clock, boolean owned) {
    this.store = store;
    this.clock = clock;
    this.owned = owned;
  }

  private static String key(String queue, String id) {
    return "docket:rabbitmq-live:" + queue + ":" + id;
  }

  private static Duration ttl(Instant now, Instant until) {
    Duration d = Duration.between(now, until);
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }

  @Override
  public boolean add(String queue, String id, Instant expires, Instant now) {
    return store.putIfAbsent(key(queue, id), LIVE, ttl(now, expires));
  }

  @Override
  public boolean contains(String queue, String id, Instant now) {
    return store.get(key(queue, id)).isPresent();
  }

  @Override
  public void extend(String queue, String id, Instant expires) {
    // The message is live (leased or re-delayed), so an unconditional put is right.
    store.put(key(queue, id), LIVE, ttl(clock.instant(), expires));
  }

  @Override
  public void remove(String queue, String id) {
    store.delete(key(queue, id));
  }

  @Override
  public void removeAll(String queue, Predicate<String> keep) {
    // Not possible through the StateStore SPI; the claims expire on their own.
  }

  @Override
  public void close() {
    if (owned) {
      store.close();
    }
  }
}
