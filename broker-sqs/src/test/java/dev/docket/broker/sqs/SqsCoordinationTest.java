package dev.docket.broker.sqs;

import dev.docket.broker.inmemory.InMemoryStateStore;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;
import java.time.Clock;

/**
 * States, results, idempotency keys, singleton locks, global concurrency and rate limits on SQS
 * (ElasticMQ), with the in-memory state store.
 */
class SqsCoordinationTest extends CoordinationKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return SqsBroker.create(ElasticMq.config("co-").build());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(Clock.systemUTC());
  }
}
