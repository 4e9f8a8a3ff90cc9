package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;
import java.net.URI;
import java.time.Clock;

/**
 * The workflow TCK again with the broker on the TCK's manual clock, so W1.3 (a day passes) runs:
 * the broker's scripts take time from that clock; the store keeps its TTLs on the server.
 */
class RedisWorkflowManualClockTest extends WorkflowKit {

  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(RedisTestServer.uri())
        .withKeyPrefix(ctx.namespace()).withClock(ctx.clock()));
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return new RedisStoreProvider().create(URI.create(RedisTestServer.uri() + "?keyPrefix="
        + RedisCoordinationTest.storePrefix(ctx)), Clock.systemUTC());
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RedisTestServer.deleteKeys(ctx.namespace());
    RedisTestServer.deleteKeys(RedisCoordinationTest.storePrefix(ctx));
  }
}
