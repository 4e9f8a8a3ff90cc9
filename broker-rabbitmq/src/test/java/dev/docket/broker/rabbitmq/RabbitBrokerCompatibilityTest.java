package dev.docket.broker.rabbitmq;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;

/**
 * The whole TCK on the local RabbitMQ with the default configuration: quorum queues, three
 * priority bands. Every test's queues start with its namespace and are deleted afterwards.
 */
class RabbitBrokerCompatibilityTest extends BrokerCompatibilityKit {
  private final RabbitTestSupport.PerTest brokers = new RabbitTestSupport.PerTest();

  @Override
  protected Broker createBroker(TckContext ctx) {
    return brokers.open(ctx.namespace());
  }

  @Override
  protected void cleanup(TckContext ctx) {
    brokers.cleanup(ctx.namespace(), false);
  }
}
