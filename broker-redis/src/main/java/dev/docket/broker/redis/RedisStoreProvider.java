package dev.docket.broker.redis;

import dev.docket.InvalidConfigException;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * Serves state stores for {@code redis://} and {@code rediss://}. Query options: {@code
 * keyPrefix} (default {@code docket:state}), {@code cluster} (default false) and {@code
 * allowEviction} (default false: a server whose maxmemory-policy can evict keys is refused).
 *
 * @since 0.1
 */
public final class RedisStoreProvider implements StoreProvider {

  /** Default key prefix of state-store keys. */
  public static final String DEFAULT_PREFIX = "docket:state";

  /** For {@link java.util.ServiceLoader}. */
  public RedisStoreProvider() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    String prefix = DEFAULT_PREFIX;
    boolean cluster = false;
    boolean allowEviction = false;
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (k) {
          case RedisBrokerConfig.KEY_PREFIX -> prefix = v;
          case RedisBrokerConfig.CLUSTER -> cluster = Boolean.parseBoolean(v);
          case RedisBrokerConfig.ALLOW_EVICTION -> allowEviction = Boolean.parseBoolean(v);
          default -> throw new InvalidConfigException("Redis state store option '" + k
              + "' is unknown; known: keyPrefix, cluster, allowEviction");
        }
      }
    }
    return RedisStateStore.connect(uri, prefix, cluster, allowEviction);
  }
}
