package dev.docket.internal;

import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveIdRegistry#shared}: a live id is a key set with {@code putIfAbsent} and a TTL (the
 * dedup window), refreshed by a lease or a delayed retry, deleted on settlement. A run claim is
 * one more key per job, {@code putIfAbsent} with the lease as TTL, moved with {@code
 * compareAndExpire} and freed with {@code compareAndDelete}, so a process only ever changes its
 * own claim, unless the claim's owner stopped beating ({@link OwnerBeat}): then the next claim of
 * the job deletes it and takes the run, which is what lets a killed worker's job run again within
 * the owner timeout instead of after its lease. A completion replaces the claim for the dedup
 * window. A purge cannot free ids (the store has no delete by prefix); they expire.
 */
public final class SharedLiveIds implements LiveIdRegistry {
  private static final byte[] LIVE = "live".getBytes(StandardCharsets.US_ASCII);
  /** Attempts of one claim against concurrent changes before the copy is held. */
  private static final int ROUNDS = 3;

  private final StateStore store;
  private final String liveKeys;
  private final String runKeys;
  private final String returnsKeys;
  private final TimeSource time;
  private final boolean ownsStore;
  private final String owner = UUID.randomUUID().toString();
  private final OwnerBeat beat;

  /** See {@link LiveIdRegistry#shared}. */
  public SharedLiveIds(StateStore store, String kind, String scope, TimeSource time,
      Duration heartbeat, Duration ownerTimeout, boolean ownsStore) {
    if (heartbeat.isNegative() || ownerTimeout.isNegative()
        || (!heartbeat.isZero() && ownerTimeout.compareTo(heartbeat) <= 0)) {
      throw new IllegalArgumentException("ownerTimeout (" + ownerTimeout + ") must exceed"
          + " heartbeat (" + heartbeat + "), and neither may be negative");
    }
    this.store = store;
    this.liveKeys = "docket:" + kind + "-live:" + scope;
    this.runKeys = "docket:" + kind + "-run:" + scope;
    this.returnsKeys = "docket:" + kind + "-returns:" + scope;
    this.time = time;
    this.ownsStore = ownsStore;
    this.beat = new OwnerBeat(store, kind, scope, owner, time, heartbeat, ownerTimeout);
  }

  private String key(String queue, String id) {
    return liveKeys + queue + ":" + id;
  }

  private String runKey(String queue, String id) {
    return runKeys + queue + ":" + id;
  }

  private String returnsKey(String queue, String id, @Nullable String incarnation, int copy) {
    return returnsKeys + queue + ":" + id + ":" + incarnation + ":" + copy;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private Duration ttl(Instant until) {
    Duration d = Duration.between(time.instant(), until);
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public boolean add(String queue, String id, Instant until) {
    return store.putIfAbsent(key(queue, id), LIVE, ttl(until));
  }

  @Override
  public boolean contains(String queue, String id) {
    return store.get(key(queue, id)).isPresent();
  }

  @Override
  public void keep(String queue, String id, Instant until) {
    // The message is live (leased, re-delayed or replayed), so an unconditional put is right.
    store.put(key(queue, id), LIVE, ttl(until));
  }

  @Override
  public void remove(String queue, String id) {
    store.delete(key(queue, id));
  }

  @Override
  public void removeAll(String queue, Predicate<String> keep) {
    // Not possible through the StateStore SPI; the ids expire on their own.
  }

  @Override
  public int countReturn(String queue, String id, @Nullable String incarnation, int copy,
      Instant until) {
    return Math.toIntExact(store.increment(returnsKey(queue, id, incarnation, copy), 1,
        ttl(until)));
  }

  @Override
  public Claim claim(String queue, String id, @Nullable String incarnation, String token,
      Instant until) {
    beat.start();
    String key = runKey(queue, id);
    byte[] mine = bytes(ClaimValues.running(incarnation, token, owner));
    for (int round = 0; round < ROUNDS; round++) {
      if (store.putIfAbsent(key, mine, ttl(until))) {
        return Claim.RUN;
      }
      Optional<byte[]> found = store.get(key);
      if (found.isEmpty()) {
        continue; // lapsed in between
      }
      String value = new String(found.get(), StandardCharsets.UTF_8);
      Claim c = ClaimValues.judge(value, incarnation);
      if (c == Claim.HELD) {
        String holder = ClaimValues.owner(value);
        if (holder == null || !beat.dead(holder)) {
          return Claim.HELD;
        }
        // Its owner stopped beating (killed): the run is free now, not when the lease ends.
      } else if (c != null) {
        return c;
      }
      // A dead owner's claim, or an earlier incarnation's completion (a new job, same id).
      store.compareAndDelete(key, found.get());
    }
    return Claim.HELD; // contended: the copy tries again later
  }

  @Override
  public void renew(String queue, String id, @Nullable String incarnation, String token,
      Instant until) {
    store.compareAndExpire(runKey(queue, id),
        bytes(ClaimValues.running(incarnation, token, owner)), ttl(until));
  }

  @Override
  public void unclaim(String queue, String id, @Nullable String incarnation, String token) {
    store.compareAndDelete(runKey(queue, id),
        bytes(ClaimValues.running(incarnation, token, owner)));
  }

  @Override
  public void done(String queue, String id, @Nullable String incarnation, String token,
      Instant keep) {
    if (incarnation == null) {
      unclaim(queue, id, null, token);
      return;
    }
    store.put(runKey(queue, id), bytes(ClaimValues.completed(incarnation)), ttl(keep));
  }

  @Override
  public void hold(java.util.Collection<String> refs) {
    beat.start();
    beat.hold(refs);
  }

  @Override
  public void release(String ref) {
    beat.release(ref);
  }

  @Override
  public void onOrphans(Consumer<List<String>> listener) {
    beat.onOrphans(listener);
    beat.start();
  }

  @Override
  public String owner() {
    return owner;
  }

  /** Writes one heartbeat now (tests; the heartbeat thread does it on its own). */
  public void beat() {
    beat.beat();
  }

  /** Looks for dead owners now (tests; the heartbeat thread does it on its own). */
  public void reap() {
    beat.reap();
  }

  @Override
  public void close() {
    try {
      beat.close();
    } finally {
      if (ownsStore) {
        store.close();
      }
    }
  }
}
