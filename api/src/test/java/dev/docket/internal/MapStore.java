package dev.docket.internal;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A state store over maps for the api's unit tests: nothing expires, and the TTL each key was
 * last written with is kept in {@link #ttls} for tests to check. Thread-safe (one lock).
 */
final class MapStore implements StateStore {
  private final Map<String, byte[]> values = new HashMap<>();
  private final Map<String, List<byte[]>> lists = new HashMap<>();
  /** The TTL of each key's last write ({@code null}: none). */
  private final Map<String, @Nullable Duration> ttls = new HashMap<>();

  /** How many keys hold a value or a list. */
  synchronized int size() {
    return values.size() + lists.size();
  }

  /** The TTL {@code key} was last written with. */
  synchronized @Nullable Duration ttl(String key) {
    return ttls.get(key);
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public synchronized void put(String key, byte[] value, @Nullable Duration ttl) {
    values.put(key, value);
    ttls.put(key, ttl);
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    if (values.containsKey(key)) {
      return false;
    }
    put(key, value, ttl);
    return true;
  }

  @Override
  public synchronized boolean compareAndDelete(String key, byte[] expected) {
    if (!Arrays.equals(values.get(key), expected)) {
      return false;
    }
    delete(key);
    return true;
  }

  @Override
  public synchronized boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
    if (!Arrays.equals(values.get(key), expected)) {
      return false;
    }
    ttls.put(key, ttl);
    return true;
  }

  @Override
  public synchronized long increment(String key, long delta, @Nullable Duration ttl) {
    long next = get(key).map(v -> Long.parseLong(new String(v, StandardCharsets.US_ASCII)))
        .orElse(0L) + delta;
    if (!values.containsKey(key)) {
      ttls.put(key, ttl);
    }
    values.put(key, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
    return next;
  }

  @Override
  public synchronized long append(String key, byte[] value, @Nullable Duration ttl) {
    List<byte[]> list = lists.computeIfAbsent(key, k -> {
      ttls.put(k, ttl);
      return new ArrayList<>();
    });
    list.add(value);
    return list.size();
  }

  @Override
  public synchronized List<byte[]> list(String key) {
    return List.copyOf(lists.getOrDefault(key, List.of()));
  }

  @Override
  public synchronized void delete(String key) {
    values.remove(key);
    lists.remove(key);
    ttls.remove(key);
  }

  @Override
  public void close() {}
}
