package dev.docket.broker.rabbitmq;

import dev.docket.spi.support.ConfiguredBrokerProvider;

/**
 * Serves {@code amqp://} and {@code amqps://} (TLS): {@code
 * amqp://user:password@host:5672/vhost?queueType=quorum}. The virtual host is the URI path
 * ({@code /%2F} or no path for the default {@code /}); credentials travel in the URI and never
 * appear in logs or messages. Options: see {@link RabbitBrokerConfig}.
 *
 * @since 0.1
 */
public final class RabbitBrokerProvider extends ConfiguredBrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public RabbitBrokerProvider() {
    super("rabbitmq", c -> RabbitBroker.create(RabbitBrokerConfig.from(c)), "amqp", "amqps");
  }
}
