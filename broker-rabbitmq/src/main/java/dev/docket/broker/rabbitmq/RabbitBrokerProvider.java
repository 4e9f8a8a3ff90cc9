package dev.docket.broker.rabbitmq;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.Set;

/**
 * Serves {@code amqp://} and {@code amqps://} (TLS): {@code
 * amqp://user:password@host:5672/vhost?queueType=quorum}. The virtual host is the URI path
 * ({@code /%2F} or no path for the default {@code /}); credentials travel in the URI and never
 * appear in logs or messages. Options: see {@link RabbitBrokerConfig}.
 *
 * @since 0.1
 */
public final class RabbitBrokerProvider implements BrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public RabbitBrokerProvider() {}

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("amqp", "amqps");
  }

  @Override
  public Broker create(BrokerConfig config) {
    return RabbitBroker.create(RabbitBrokerConfig.from(config));
  }
}
