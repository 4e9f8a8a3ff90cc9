package dev.docket.broker.redis;

import dev.docket.broker.redis.internal.EvictionGuard;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.broker.redis.internal.Script;
import dev.docket.spi.StateStore;
import io.lettuce.core.SetArgs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStore} on Redis: every operation is one command or one single-key script, so it
 * is atomic and works on Redis Cluster. Keys are {@code <prefix>:<key>}. TTLs are kept by the
 * server (millisecond precision). Thread-safe; one shared connection.
 *
 * @since 0.1
 */
public final class RedisStateStore implements StateStore {

  private static final Script COMPARE_AND_DELETE = Script.of("compare_and_delete", """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0""");
  private static final Script COMPARE_AND_EXPIRE = Script.of("compare_and_expire", """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        if ARGV[2] == '' then
          return redis.call('PERSIST', KEYS[1]) + 1
        end
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0""");
  private static final Script INCREMENT = Script.of("increment", """
      local fresh = redis.call('EXISTS', KEYS[1]) == 0
      local n = redis.call('INCRBY', KEYS[1], ARGV[1])
      if fresh and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return n""");
  private static final Script APPEND = Script.of("append", """
      local n = redis.call('RPUSH', KEYS[1], ARGV[1])
      if n == 1 and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return n""");

  private final RedisLink link;
  private final String prefix;

  private RedisStateStore(RedisLink link, String prefix) {
    this.link = link;
    this.prefix = prefix;
  }

  /**
   * Connects to {@code uri} ({@code redis://} or {@code rediss://}); keys start with {@code
   * prefix + ":"}; {@code cluster} treats the URI as a Cluster seed.
   */
  public static RedisStateStore connect(URI uri, String prefix, boolean cluster) {
    return connect(uri, prefix, cluster, false);
  }

  /**
   * Like {@link #connect(URI, String, boolean)}; {@code allowEviction} starts even when the
   * server's {@code maxmemory-policy} can evict keys (locks carry TTLs, which {@code volatile-*}
   * policies evict first), which is otherwise refused.
   */
  public static RedisStateStore connect(URI uri, String prefix, boolean cluster,
      boolean allowEviction) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(prefix, "prefix");
    String where = dev.docket.spi.Redaction.redact(uri);
    RedisLink link = RedisLink.connect(uri, where, cluster, false);
    try {
      EvictionGuard.check(link, where, allowEviction, RedisBrokerConfig.ALLOW_EVICTION + "=true");
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return new RedisStateStore(link, prefix);
  }

  private String key(String key) {
    return prefix + ":" + Objects.requireNonNull(key, "key");
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(link.await(link.commands().get(key(key))));
  }

  @Override
  public void put(String key, byte[] value, @Nullable Duration ttl) {
    Objects.requireNonNull(value, "value");
    String k = key(key);
    long ms = ttlMillis(ttl);
    if (ms > 0) {
      link.await(link.commands().set(k, value, SetArgs.Builder.px(ms)));
    } else {
      link.await(link.commands().set(k, value));
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    Objects.requireNonNull(value, "value");
    SetArgs args = SetArgs.Builder.nx();
    long ms = ttlMillis(ttl);
    if (ms > 0) {
      args = args.px(ms);
    }
    return "OK".equals(link.await(link.commands().set(key(key), value, args)));
  }

  @Override
  public boolean compareAndDelete(String key, byte[] expected) {
    Objects.requireNonNull(expected, "expected");
    long n = link.evalLong(COMPARE_AND_DELETE, new String[] {key(key)},
        expected);
    return n == 1;
  }

  @Override
  public boolean compareAndExpire(String key, byte[] expected, @Nullable Duration ttl) {
    Objects.requireNonNull(expected, "expected");
    long n = link.evalLong(COMPARE_AND_EXPIRE, new String[] {key(key)},
        expected, ttlArg(ttl));
    return n >= 1;
  }

  @Override
  public long increment(String key, long delta, @Nullable Duration ttl) {
    long n = link.evalLong(INCREMENT, new String[] {key(key)},
        ascii(Long.toString(delta)), ttlArg(ttl));
    return n;
  }

  @Override
  public long append(String key, byte[] value, @Nullable Duration ttl) {
    Objects.requireNonNull(value, "value");
    long n = link.evalLong(APPEND, new String[] {key(key)}, value,
        ttlArg(ttl));
    return n;
  }

  @Override
  public List<byte[]> list(String key) {
    return link.await(link.commands().lrange(key(key), 0, -1));
  }

  @Override
  public void delete(String key) {
    link.await(link.commands().del(key(key)));
  }

  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return "RedisStateStore[" + link + ", prefix=" + prefix + "]";
  }

  /** The TTL in ms (at least 1), or 0 for none. */
  private static long ttlMillis(@Nullable Duration ttl) {
    return ttl == null || !ttl.isPositive() ? 0 : Math.max(1, ttl.toMillis());
  }

  private static byte[] ttlArg(@Nullable Duration ttl) {
    long ms = ttlMillis(ttl);
    return ms > 0 ? ascii(Long.toString(ms)) : new byte[0];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
