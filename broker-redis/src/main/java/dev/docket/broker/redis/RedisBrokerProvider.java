package dev.docket.broker.redis;

import dev.docket.spi.support.ConfiguredBrokerProvider;

/**
 * Serves {@code redis://} and {@code rediss://} (TLS). Options: {@code keyPrefix}, {@code
 * cluster}, {@code maxMessageBytes} (see {@link RedisBrokerConfig}). No I/O until {@link #create}.
 *
 * @since 0.1
 */
public final class RedisBrokerProvider extends ConfiguredBrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public RedisBrokerProvider() {
    super("redis", c -> RedisBroker.create(RedisBrokerConfig.from(c)), "redis", "rediss");
  }
}
