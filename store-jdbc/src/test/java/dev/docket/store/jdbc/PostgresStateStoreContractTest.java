package dev.docket.store.jdbc;

import dev.docket.spi.StateStore;
import dev.docket.tck.StateStoreContract;
import dev.docket.tck.TckContext;
import java.net.URI;
import java.time.Clock;

/**
 * The TCK's state store contract on a real PostgreSQL, in real time (TTLs follow the database
 * clock). Each test's keys carry its namespace; cleanup deletes them.
 */
class PostgresStateStoreContractTest extends StateStoreContract {

  private static final String TABLE = "docket_state_tck";

  @Override
  protected StateStore createStore(TckContext ctx) {
    URI server = PostgresStoreProviderTest.serverUri();
    return new PostgresStoreProvider().create(URI.create(server + "?table=" + TABLE),
        Clock.systemUTC());
  }

  @Override
  protected void cleanup(TckContext ctx) {
    URI server = PostgresStoreProviderTest.serverUri();
    try (PostgresStateStore store = (PostgresStateStore) new PostgresStoreProvider()
        .create(URI.create(server + "?table=" + TABLE), Clock.systemUTC())) {
      store.deleteByPrefix(ctx.namespace());
    }
  }
}
