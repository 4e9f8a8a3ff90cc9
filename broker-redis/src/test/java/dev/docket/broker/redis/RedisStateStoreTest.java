package dev.docket.broker.redis;

import dev.docket.tck.StateStoreKit;
import dev.docket.tck.TckFixture;

/**
 * The state store rules (S) once more on the Redis store alone, apart from the broker's keys:
 * the same store a deployment that uses Redis only for state would open.
 */
class RedisStateStoreTest extends StateStoreKit {
  @Override
  public TckFixture fixture() {
    return RedisTckFixture.standalone();
  }
}
