package dev.docket.broker.redis;

import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The broker rules on a real three-master Redis Cluster that this test starts on loopback ports
 * and stops afterwards. Each queue's keys share one hash tag, so every script runs on one node;
 * a fetch across queues runs one script per queue.
 */
class RedisClusterTckTest extends BrokerCompatibilityKit {

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
  public TckFixture fixture() {
    return RedisTckFixture.cluster(cluster.seed());
  }
}
