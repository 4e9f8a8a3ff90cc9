package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;
import java.time.Clock;

/**
 * The whole TCK on a real Redis, as production runs it: scripts read the server's clock. The two
 * rules that need a controllable clock (R4.5, R11.3) are proven by {@link
 * RedisBrokerManualClockCompatibilityTest}.
 */
class RedisBrokerCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(RedisTestServer.uri())
        .withKeyPrefix(ctx.namespace()).withClock(Clock.systemUTC()));
  }

  @Override
  protected void cleanup(TckContext ctx) {
    RedisTestServer.deleteKeys(ctx.namespace());
  }
}
