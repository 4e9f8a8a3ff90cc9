package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.internal.RabbitBroker;
import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole TCK on the local RabbitMQ with the default configuration: quorum queues, three
 * priority bands. Every test's queues start with its namespace and are deleted afterwards.
 */
class RabbitBrokerCompatibilityTest extends BrokerCompatibilityKit {
  private final Map<String, RabbitTestSupport.Tracking> open = new ConcurrentHashMap<>();

  @Override
  protected Broker createBroker(TckContext ctx) {
    RabbitTestSupport.Tracking b = new RabbitTestSupport.Tracking(
        RabbitBroker.open(RabbitTestSupport.config().build()));
    open.put(ctx.namespace(), b);
    return b;
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RabbitTestSupport.Tracking b = open.remove(ctx.namespace());
    if (b != null) {
      b.deleteQueues(RabbitTestSupport.config().build());
    }
  }
}
