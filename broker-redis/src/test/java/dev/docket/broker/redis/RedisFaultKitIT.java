package dev.docket.broker.redis;

import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import dev.docket.tck.fault.PrivateRedis;
import java.net.InetSocketAddress;

/**
 * The fault kit (F1–F6) on Redis: each scenario gets its own private {@code redis-server} with
 * {@code appendonly yes} and {@code appendfsync always} on a port in 6410–6429, never the shared
 * one. Run with {@code mvn -Pfaults -pl broker-redis -am verify}.
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
}
