package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;

/**
 * The whole TCK on a real Redis with the TCK's manual clock: scripts take time from it instead of
 * the server's {@code TIME}, so the kit can move time by hand (30-day delays, due-time stats).
 * Every key, script and wake-up is the production one; only the source of "now" differs.
 */
class RedisBrokerManualClockCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(RedisTestServer.uri())
        .withKeyPrefix(ctx.namespace()).withClock(ctx.clock()));
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RedisTestServer.deleteKeys(ctx.namespace());
  }
}
