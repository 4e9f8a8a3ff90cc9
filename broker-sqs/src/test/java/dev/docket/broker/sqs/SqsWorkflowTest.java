package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;

/** Cron, chains, groups and chords on SQS (ElasticMQ), with the PostgreSQL state store. */
class SqsWorkflowTest extends WorkflowKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return SqsBroker.create(ElasticMq.config("wf-").build());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return SqsCoordinationTest.postgres();
  }
}
