package dev.docket.tck;

import dev.docket.spi.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A plain in-JVM state store on the TCK's clock, for broker-kit rules that need the runtime's
 * store-backed features (R13) without a store module. Thread-safe (one lock).
 */
final class TckLocalStore implements StateStore {
  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();

  TckLocalStore(Clock clock) {
    this.clock = clock;
  }

  private static final class Entry {
    byte[] value = new byte[0];
    long counter;
    final List<byte[]> list = new ArrayList<>();
    @Nullable Instant expires;
  }

  private @Nullable Entry live(String key) {
    Entry e = entries.get(key);
    if (e != null && e.expires != null && !clock.instant().isBefore(e.expires)) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  private @Nullable Instant deadline(@Nullable Duration ttl) {
    return ttl == null ? null : clock.instant().plus(ttl);
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    Entry e = live(key);
    return e == null ? Optional.empty() : Optional.of(e.value.clone());
  }

  @Override
  public synchronized void put(String key, byte[] value, @Nullable Duration ttl) {
    Entry e = new Entry();
    e.value = value.clone();
    e.expires = deadline(ttl);
    entries.put(key, e);
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    if (live(key) != null) {
      return false;
    }
    put(key, value, ttl);
    return true;
  }

  @Override
  public synchronized boolean compareAndDelete(String key, byte[] expected) {
    Entry e = live(key);
    if (e == null || !Arrays.equals(e.value, expected)) {
      return false;
    }
    entries.remove(key);
    return true;
  }

  @Override
  public synchronized boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
    Entry e = live(key);
    if (e == null || !Arrays.equals(e.value, expected)) {
      return false;
    }
    e.expires = deadline(ttl);
    return true;
  }

  @Override
  public synchronized long increment(String key, long delta, @Nullable Duration ttl) {
    Entry e = live(key);
    if (e == null) {
      e = new Entry();
      e.expires = deadline(ttl);
      entries.put(key, e);
    }
    e.counter += delta;
    return e.counter;
  }

  @Override
  public synchronized long append(String key, byte[] value, @Nullable Duration ttl) {
    Entry e = live(key);
    if (e == null) {
      e = new Entry();
      e.expires = deadline(ttl);
      entries.put(key, e);
    }
    e.list.add(value.clone());
    return e.list.size();
  }

  @Override
  public synchronized List<byte[]> list(String key) {
    Entry e = live(key);
    return e == null ? List.of() : e.list.stream().map(byte[]::clone).toList();
  }

  @Override
  public synchronized void delete(String key) {
    entries.remove(key);
  }

  @Override
  public void close() {}
}
