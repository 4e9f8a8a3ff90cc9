package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.Set;

/**
 * Serves {@code redis://} and {@code rediss://} (TLS). Options: {@code keyPrefix}, {@code
 * cluster}, {@code maxMessageBytes} (see {@link RedisBrokerConfig}). No I/O until {@link #create}.
 *
 * @since 0.1
 */
public final class RedisBrokerProvider implements BrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public RedisBrokerProvider() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public Broker create(BrokerConfig config) {
    return RedisBroker.create(RedisBrokerConfig.from(config));
  }
}
