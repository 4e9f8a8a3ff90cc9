package dev.docket.broker.sqs;

import dev.docket.tck.TestServers;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The SQS endpoint of this test JVM: {@code DOCKET_TEST_SQS_ENDPOINT} when set (env or system
 * property), else an ElasticMQ started once, embedded, on a free local port.
 */
final class ElasticMq {

  static final String ENV = "DOCKET_TEST_SQS_ENDPOINT";

  private static URI endpoint;

  private ElasticMq() {}

  /** The endpoint, starting ElasticMQ on first use. */
  static synchronized URI endpoint() {
    if (endpoint == null) {
      String configured = System.getProperty(ENV, System.getenv(ENV));
      if (configured != null && !configured.isBlank()) {
        endpoint = TestServers.require("SQS", ENV, URI.create(configured.trim()));
      } else {
        SQSRestServer server = SQSRestServerBuilder.withDynamicPort()
            .withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        // No shutdown hook: stopping waits for open long polls; the forked JVM just exits.
        endpoint = URI.create("http://127.0.0.1:" + port);
      }
    }
    return endpoint;
  }

  /** A config on the test endpoint with ElasticMQ's dummy credentials. */
  static SqsBrokerConfig.Builder config(String prefix) {
    return SqsBrokerConfig.builder().region("us-east-1").endpoint(endpoint())
        .credentials("test", "test").queuePrefix(prefix);
  }
}
