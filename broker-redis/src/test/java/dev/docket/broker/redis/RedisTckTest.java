package dev.docket.broker.redis;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/**
 * Every kit (R, S, C, W) on a real Redis with the Redis state store, as production runs them:
 * scripts read the server's clock. The rules that need a controllable clock (R4.5, R11.3, W1.3)
 * are proven by {@link RedisManualClockTckTest}.
 */
class RedisTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return RedisTckFixture.standalone();
  }
}
