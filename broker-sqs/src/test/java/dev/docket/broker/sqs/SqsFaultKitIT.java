package dev.docket.broker.sqs;

import dev.docket.tck.TestServers;
import dev.docket.tck.fault.FaultCapability;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The fault kit on SQS, as ElasticMQ embedded in the test JVM (or {@code
 * DOCKET_TEST_SQS_ENDPOINT}). Worker processes reach it over HTTP, through the kit's proxy where
 * a rule needs one. The broker shares the scenario's PostgreSQL store as its {@code idStore}, so
 * workers beat there and a killed worker's messages are adopted by a live worker (or made visible
 * again) once its heartbeat is {@code ownerTimeout} old (F1's recovery time). Run with {@code mvn -Pfaults -pl broker-sqs -am verify}.
 */
class SqsFaultKitIT extends FaultKit {

  @Override
  protected FaultServer startServer() {
    URI endpoint = ElasticMq.endpoint();
    return FaultServer.external(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
  }

  @Override
  protected String brokerUri(InetSocketAddress server, String namespace) {
    return "sqs://us-east-1/" + namespace + "-?endpoint=http://127.0.0.1:" + server.getPort()
        + "&accessKeyId=test&secretAccessKey=test&idStore="
        + URLEncoder.encode(storeUri(server, namespace), StandardCharsets.UTF_8);
  }

  /**
   * A PostgreSQL state store (the one an SQS deployment without Redis uses), one table per
   * scenario: with a store the runtime charges a worker crash only to the job that was running
   * alone when it happened (F5), instead of to every message the dead process had received.
   */
  @Override
  protected String storeUri(InetSocketAddress server, String namespace) {
    URI postgres = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return postgres + "?table=" + namespace.replace('-', '_');
  }

  @Override
  protected Map<FaultCapability, String> cannotShow() {
    return Map.of(
        FaultCapability.RESTART, "ElasticMQ in memory loses its queues on restart (AWS SQS is a"
            + " managed service the test cannot restart); the reconnect path is F3",
        FaultCapability.MEMORY_LIMIT, "neither SQS nor ElasticMQ has a memory limit a client"
            + " can reach",
        FaultCapability.CLUSTER, "SQS has no nodes a client sees");
  }

  @Override
  protected String brokerName() {
    return "SQS (ElasticMQ)";
  }
}
