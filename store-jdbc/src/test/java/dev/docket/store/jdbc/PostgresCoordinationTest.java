package dev.docket.store.jdbc;

import dev.docket.spi.TimeSource;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;
import java.net.URI;
import java.time.Clock;

/**
 * The coordination TCK (the state store contract S, then C1–C5: states and results,
 * idempotency, singleton locks, global concurrency, rate limits) on a real PostgreSQL store, in
 * real time (its TTLs follow the database clock). The broker is the in-memory one: this store's
 * behaviour is what is under test, and the broker modules run the same kit with their stores.
 */
class PostgresCoordinationTest extends CoordinationKit {

  private static final String TABLE = "docket_state_tck";

  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return open();
  }

  @Override
  protected void cleanup(TckContext ctx) {
    try (PostgresStateStore store = open()) {
      store.deleteByPrefix(ctx.namespace());
    }
  }

  private static PostgresStateStore open() {
    URI server = PostgresStoreProviderTest.serverUri();
    return (PostgresStateStore) new PostgresStoreProvider()
        .create(URI.create(server + "?table=" + TABLE), Clock.systemUTC());
  }
}
