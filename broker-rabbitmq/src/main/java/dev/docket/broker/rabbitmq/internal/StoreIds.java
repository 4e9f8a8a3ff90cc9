package dev.docket.broker.rabbitmq.internal;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveIds} in a shared {@link StateStore}: a publish claims the id with {@code
 * putIfAbsent} and a TTL (the dedup window after the job is due), a lease or delayed retry
 * refreshes it, a settlement deletes it. A purge cannot free the ids it removed (the store has no
 * delete by prefix and a purge does not say which ids went): those claims expire on their own.
 * A run claim is one more key per job, {@code putIfAbsent} with the lease as TTL, moved with
 * {@code compareAndExpire} and freed with {@code compareAndDelete}, so a process only ever
 * changes its own claim; a completion replaces it for the dedup window.
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

  private static String runKey(String queue, String id) {
    return "docket:rabbitmq-run:" + queue + ":" + id;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
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
  public Claim claim(String queue, String id, @Nullable String incarnation, String token,
      Instant until, Instant now) {
    String key = runKey(queue, id);
    byte[] mine = bytes(LiveIds.running(incarnation, token));
    for (int round = 0; round < 3; round++) {
      if (store.putIfAbsent(key, mine, ttl(now, until))) {
        return Claim.RUN;
      }
      Optional<byte[]> found = store.get(key);
      if (found.isEmpty()) {
        continue; // lapsed in between
      }
      Claim c = LiveIds.judge(new String(found.get(), StandardCharsets.UTF_8), incarnation);
      if (c != null) {
        return c;
      }
      // An earlier incarnation completed: this is a new job with the same id.
      store.compareAndDelete(key, found.get());
    }
    return Claim.HELD; // contended: the copy tries again later
  }

  @Override
  public void renew(String queue, String id, @Nullable String incarnation, String token,
      Instant until) {
    store.compareAndExpire(runKey(queue, id), bytes(LiveIds.running(incarnation, token)),
        ttl(clock.instant(), until));
  }

  @Override
  public void unclaim(String queue, String id, @Nullable String incarnation, String token) {
    store.compareAndDelete(runKey(queue, id), bytes(LiveIds.running(incarnation, token)));
  }

  @Override
  public void done(String queue, String id, @Nullable String incarnation, String token,
      Instant keep, Instant now) {
    if (incarnation == null) {
      unclaim(queue, id, null, token);
      return;
    }
    store.put(runKey(queue, id), bytes(LiveIds.completed(incarnation)), ttl(now, keep));
  }

  @Override
  public void close() {
    if (owned) {
      store.close();
    }
  }
}
