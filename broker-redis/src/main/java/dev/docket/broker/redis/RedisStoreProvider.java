package dev.docket.broker.redis;

import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.support.Options;
import dev.docket.spi.support.NamedProvider;
import java.net.URI;
import java.time.Clock;

/**
 * Serves state stores for {@code redis://} and {@code rediss://}. Query options: {@code
 * keyPrefix} (default {@code docket:state}), {@code cluster} (default false) and {@code
 * allowEviction} (default false: a server whose maxmemory-policy can evict keys is refused).
 *
 * @since 0.1
 */
public final class RedisStoreProvider extends NamedProvider implements StoreProvider {

  /** Default key prefix of state-store keys. */
  public static final String DEFAULT_PREFIX = "docket:state";

  /** For {@link java.util.ServiceLoader}. */
  public RedisStoreProvider() {
    super("redis", "redis", "rediss");
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    Options o = Options.ofQuery("Redis state store", uri);
    String prefix = o.text(RedisBrokerConfig.KEY_PREFIX, DEFAULT_PREFIX);
    boolean cluster = o.bool(RedisBrokerConfig.CLUSTER, false);
    boolean allowEviction = o.bool(RedisBrokerConfig.ALLOW_EVICTION, false);
    o.build(() -> Boolean.TRUE);
    return RedisStateStore.connect(uri, prefix, cluster, allowEviction);
  }
}
