package dev.docket.store.jdbc;

import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.net.URI;
import java.time.Clock;

/**
 * A real PostgreSQL store for the TCK, in real time (its TTLs follow the database clock), beside
 * the in-memory broker: this store's behaviour is what is under test, and the broker modules run
 * the same kits with their stores. The rules that race two processes get a second store with its
 * own pool to the same server. Keys of a test start with its namespace (schedules with {@code
 * docket:cron:<namespace>}) and are deleted afterwards; other workflow state expires by TTL.
 */
final class PostgresTckFixture implements TckFixture {

  private static final String TABLE = "docket_state_tck";

  @Override
  public Broker broker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }

  @Override
  public StateStore store(TckContext ctx) {
    return open();
  }

  @Override
  public StateStore secondStore(TckContext ctx) {
    return open();
  }

  @Override
  public void cleanup(TckContext ctx) {
    try (PostgresStateStore store = open()) {
      store.deleteByPrefix(ctx.namespace());
      store.deleteByPrefix("docket:cron:" + ctx.namespace());
    }
  }

  private static PostgresStateStore open() {
    URI server = PostgresStoreProviderTest.serverUri();
    return (PostgresStateStore) new PostgresStoreProvider()
        .create(URI.create(server + "?table=" + TABLE), Clock.systemUTC());
  }
}
