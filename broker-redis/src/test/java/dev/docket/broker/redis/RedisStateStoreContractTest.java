package dev.docket.broker.redis;

import dev.docket.spi.StateStore;
import dev.docket.tck.StateStoreContract;
import dev.docket.tck.TckContext;
import java.net.URI;
import java.time.Clock;

/**
 * The TCK's state store contract on a real Redis, in real time (TTLs are kept by the server).
 * Every key carries the test's namespace; cleanup deletes them.
 */
class RedisStateStoreContractTest extends StateStoreContract {

  private static final String PREFIX = "tck-state";

  @Override
  protected StateStore createStore(TckContext ctx) {
    return new RedisStoreProvider().create(
        URI.create(RedisTestServer.uri() + "?keyPrefix=" + PREFIX), Clock.systemUTC());
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RedisTestServer.deleteKeys(PREFIX + ":" + ctx.namespace());
  }
}
