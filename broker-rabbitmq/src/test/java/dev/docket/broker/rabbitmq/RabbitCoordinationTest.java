package dev.docket.broker.rabbitmq;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;

/**
 * States, results, idempotency keys, singleton locks, global concurrency and rate limits on
 * RabbitMQ (quorum queues), with the PostgreSQL state store.
 */
class RabbitCoordinationTest extends CoordinationKit {
  private final RabbitTestSupport.PerTest brokers = new RabbitTestSupport.PerTest();

  @Override
  protected Broker createBroker(TckContext ctx) {
    return brokers.open(ctx.namespace());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return RabbitTestSupport.postgres();
  }

  @Override
  protected void cleanup(TckContext ctx) {
    brokers.cleanup(ctx.namespace(), true);
  }
}
