package dev.docket.broker.redis;

import dev.docket.tck.BrokerRules;
import dev.docket.tck.TckFixture;
import dev.docket.tck.TckSuite;
import dev.docket.tck.WorkflowRules;
import org.junit.jupiter.api.Nested;

/**
 * The broker and workflow rules on a real Redis with the broker on the TCK's manual clock, so
 * the kit can move time by hand (30-day delays, due-time stats, a cron day). The coordination
 * rules need the store on that clock too, and the Redis store keeps its TTLs on the server, so
 * they run in real time in {@link RedisTckTest} only.
 */
class RedisManualClockTckTest implements TckSuite {
  @Override
  public TckFixture fixture() {
    return RedisTckFixture.manualClock();
  }

  @Nested
  class Broker extends BrokerRules {}

  @Nested
  class Workflows extends WorkflowRules {}
}
