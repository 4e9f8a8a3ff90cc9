package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;
import java.net.URI;
import java.time.Clock;

/**
 * The workflow TCK (W1 cron, W2 chains, W3 groups and chords) on the Redis broker with its state
 * (tick claims, chord counters, results) in the Redis state store, in real time on a real Redis.
 */
class RedisWorkflowTest extends WorkflowKit {

  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(RedisTestServer.uri())
        .withKeyPrefix(ctx.namespace()).withClock(Clock.systemUTC()));
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
