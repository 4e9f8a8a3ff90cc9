package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;
import dev.docket.tck.TestServers;
import java.net.URI;

/**
 * States, results, idempotency keys, singleton locks, global concurrency and rate limits on SQS
 * (ElasticMQ), with the PostgreSQL state store an SQS deployment without Redis would use.
 */
class SqsCoordinationTest extends CoordinationKit {

  /** The shared PostgreSQL store of the SQS kits' tests. */
  static PostgresStateStore postgres() {
    URI server = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return PostgresStateStore.connect(server + "?table=docket_state_sqs_tck");
  }

  @Override
  protected Broker createBroker(TckContext ctx) {
    return SqsBroker.create(ElasticMq.config("co-").build());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return postgres();
  }

  @Override
  protected void cleanup(TckContext ctx) {
    try (PostgresStateStore store = postgres()) {
      store.deleteByPrefix(ctx.namespace());
    }
  }
}
