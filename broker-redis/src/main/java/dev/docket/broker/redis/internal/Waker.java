package dev.docket.broker.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Wakes idle fetchers when a queue gets work. Scripts {@code PUBLISH} on a queue's channel when
 * it turns non-empty or gets a new delayed job; this listener bumps the channel's version and
 * signals. A fetcher reads the versions before its reserve script and sleeps only while they are
 * unchanged, so a publish between the reserve and the sleep is never missed. Thread-safe.
 */
public final class Waker extends RedisPubSubAdapter<String, byte[]> {

  private final RedisLink link;
  private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
  private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
  private final Map<String, Consumer<byte[]>> pushes = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Listens on the link's pub/sub connection. */
  public Waker(RedisLink link) {
    this.link = link;
    this.pubSub = link.pubSub();
    pubSub.addListener(this);
    // Wake-ups published while a connection was down are lost: re-check at once on reconnect.
    link.onConnected(this::wakeAll);
  }

  /** Subscribes to the channels not yet watched; returns once the server confirmed. */
  public void watch(List<String> channels) {
    for (String channel : channels) {
      if (!subscribed.contains(channel)) {
        synchronized (this) {
          if (!subscribed.contains(channel)) {
            version(channel);
            link.await(pubSub.async().subscribe(channel));
            subscribed.add(channel);
          }
        }
      }
    }
  }

  /**
   * Subscribes to a push channel (see {@code enqueue.lua}) whose messages go to {@code handler},
   * on the connection's event loop (it must not block); returns once the server confirmed.
   */
  public void watchPushes(String channel, Consumer<byte[]> handler) {
    pushes.putIfAbsent(channel, handler);
    // Every caller waits for the confirmation, not only the first: a second fetch that
    // registered as a waiter before the server confirmed the first one's SUBSCRIBE could be
    // pushed a job nobody hears (it would wait for its lease to end).
    watch(List.of(channel));
  }

  /** The current versions of {@code channels}, all watched. */
  public long[] versions(List<String> channels) {
    long[] out = new long[channels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = version(channels.get(i)).get();
    }
    return out;
  }

  /**
   * Sleeps up to {@code nanos} unless a channel's version moved past {@code seen}. Returns early
   * on a change; throws when interrupted.
   */
  public void await(List<String> channels, long[] seen, long nanos) throws InterruptedException {
    await(channels, seen, nanos, () -> false);
  }

  /** Like {@link #await}, returning early also once {@code done} holds (see {@link #signal}). */
  public void await(List<String> channels, long[] seen, long nanos, BooleanSupplier done)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = nanos;
      while (left > 0 && !done.getAsBoolean() && !moved(channels, seen)) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every sleeper, e.g. when an injected clock moved or the broker closes. */
  public void wakeAll() {
    versions.values().forEach(AtomicLong::incrementAndGet);
    signal();
  }

  @Override
  public void message(String channel, byte[] message) {
    Consumer<byte[]> push = pushes.get(channel);
    if (push != null) {
      push.accept(message);
      return;
    }
    AtomicLong v = versions.get(channel);
    if (v != null) {
      v.incrementAndGet();
      signal();
    }
  }

  private boolean moved(List<String> channels, long[] seen) {
    for (int i = 0; i < seen.length; i++) {
      if (version(channels.get(i)).get() != seen[i]) {
        return true;
      }
    }
    return false;
  }

  private AtomicLong version(String channel) {
    return versions.computeIfAbsent(channel, c -> new AtomicLong());
  }

  /** Wakes every sleeper to re-check its condition. */
  public void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
