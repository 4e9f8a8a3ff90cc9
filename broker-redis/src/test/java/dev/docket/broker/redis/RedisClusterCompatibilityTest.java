package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole TCK on a real three-master Redis Cluster that this test starts on loopback ports and
 * stops afterwards, through Lettuce's cluster client. Each queue's keys share one hash tag, so
 * every script runs on one node; a fetch across queues runs one script per queue.
 */
class RedisClusterCompatibilityTest extends BrokerCompatibilityKit {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalRedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Broker createBroker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.of(cluster.seed()).withCluster(true)
        .withKeyPrefix(ctx.namespace()).withClock(Clock.systemUTC()));
  }
}
