package dev.docket.broker.rabbitmq;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;

/** Cron, chains, groups and chords on RabbitMQ (quorum queues), with the PostgreSQL store. */
class RabbitWorkflowTest extends WorkflowKit {
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
