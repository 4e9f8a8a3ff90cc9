package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;
import java.net.URI;
import java.time.Clock;

/**
 * The coordination TCK (S, then C1–C5) on the Redis broker and the Redis state store together,
 * as a Redis-only deployment runs them, in real time on a real Redis. Each test gets its own key
 * prefixes, deleted afterwards.
 */
class RedisCoordinationTest extends CoordinationKit {

  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(RedisTestServer.uri())
        .withKeyPrefix(ctx.namespace()).withClock(Clock.systemUTC()));
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return new RedisStoreProvider().create(
        URI.create(RedisTestServer.uri() + "?keyPrefix=" + storePrefix(ctx)), Clock.systemUTC());
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RedisTestServer.deleteKeys(ctx.namespace());
    RedisTestServer.deleteKeys(storePrefix(ctx));
  }

  static String storePrefix(TckContext ctx) {
    return "state-" + ctx.namespace();
  }
}
