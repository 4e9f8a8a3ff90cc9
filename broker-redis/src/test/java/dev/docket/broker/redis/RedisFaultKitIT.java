package dev.docket.broker.redis;

import dev.docket.tck.fault.FaultCluster;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import dev.docket.tck.fault.PrivateRedis;
import dev.docket.tck.fault.PrivateRedisCluster;
import java.net.InetSocketAddress;

/**
 * The fault kit (F1–F7) on Redis: each scenario gets its own private {@code redis-server} with
 * {@code appendonly yes} and {@code appendfsync always} on a port in 6410–6429, never the shared
 * one; F7 gets its own Redis Cluster (3 masters, a replica each and a spare, ports 6430–6449)
 * and enqueues with {@code waitForReplicas=1}, so an enqueue returns only once a replica holds
 * it. Run with {@code mvn -Pfaults -pl broker-redis -am verify}.
 */
class RedisFaultKitIT extends FaultKit {

  @Override
  protected FaultServer startServer() {
    return PrivateRedis.start();
  }

  @Override
  protected String brokerUri(InetSocketAddress server, String namespace) {
    return "redis://127.0.0.1:" + server.getPort() + "?keyPrefix=" + namespace;
  }

  @Override
  protected String storeUri(InetSocketAddress server, String namespace) {
    return "redis://127.0.0.1:" + server.getPort() + "?keyPrefix=" + namespace + ":state";
  }

  @Override
  protected FaultCluster startCluster() {
    return PrivateRedisCluster.start();
  }

  @Override
  protected String clusterUri(FaultCluster cluster, String namespace) {
    return ((PrivateRedisCluster) cluster).seed() + "?cluster=true&keyPrefix=" + namespace
        + "&waitForReplicas=1&waitForReplicasTimeout=PT1S";
  }

  @Override
  protected String clusterStoreUri(FaultCluster cluster, String namespace) {
    return ((PrivateRedisCluster) cluster).seed() + "?cluster=true&keyPrefix=" + namespace
        + ":state";
  }
}
