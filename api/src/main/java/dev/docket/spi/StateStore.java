package dev.docket.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Small shared key/value state for features that must agree across processes: locks,
 * idempotency, global concurrency, rate limits, results, chords and cron de-duplication. Values
 * are bytes; keys are strings. Every method is atomic and thread-safe. Entries with a TTL vanish
 * after it.
 *
 * @since 0.1
 */
public interface StateStore extends AutoCloseable {

  /** The value, if present and not expired. */
  Optional<byte[]> get(String key);

  /** Sets a value with a TTL ({@code null}: none). */
  void put(String key, byte[] value, @Nullable Duration ttl);

  /**
   * Sets the value only when the key is absent (or expired), with a TTL ({@code null}: none). True
   * when it was set.
   */
  boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl);

  /** Deletes the key only when it holds {@code expected}. True when deleted. */
  boolean compareAndDelete(String key, byte[] expected);

  /** Resets the TTL of a key only when it holds {@code expected}. True when done. */
  boolean compareAndExpire(String key, byte[] expected, Duration ttl);

  /**
   * Adds {@code delta} to a counter (absent: 0) and returns the new value; sets the TTL if new. A
   * counter reads through {@link #get} as its decimal ASCII digits.
   */
  long increment(String key, long delta, @Nullable Duration ttl);

  /** Appends to a list and returns its new length; sets the TTL if new. */
  long append(String key, byte[] value, @Nullable Duration ttl);

  /** The whole list, oldest first; empty when absent. */
  List<byte[]> list(String key);

  /** Deletes a key. */
  void delete(String key);

  @Override
  void close();
}
