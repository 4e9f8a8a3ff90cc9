package dev.docket.store.jdbc;

import dev.docket.spi.TimeSource;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;
import java.net.URI;
import java.time.Clock;

/**
 * The workflow TCK (W1 cron, W2 chains, W3 groups and chords) with its shared state on a real
 * PostgreSQL store, in real time. The broker is the in-memory one: what is under test is that
 * tick claims, chord counters and results hold on this store as they do in memory.
 */
class PostgresWorkflowTest extends WorkflowKit {

  private static final String TABLE = "docket_state_tck";

  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return open();
  }

  /** W1.7 and W3.7 race two processes: the second gets its own pool to the same server. */
  @Override
  protected StateStore createSecondStore(TckContext ctx) {
    return open();
  }

  @Override
  protected void cleanup(TckContext ctx) {
    // Schedule names start with the namespace; workflow state expires after its TTL.
    try (PostgresStateStore store = open()) {
      store.deleteByPrefix("docket:cron:" + ctx.namespace());
    }
  }

  private static PostgresStateStore open() {
    URI server = PostgresStoreProviderTest.serverUri();
    return (PostgresStateStore) new PostgresStoreProvider()
        .create(URI.create(server + "?table=" + TABLE), Clock.systemUTC());
  }
}
