package dev.docket.broker.sqs;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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

  /** A fresh queue name: {@code tag} and eight random characters. */
  static String queue(String tag) {
    return tag + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Up to {@code max} deliveries of {@code q} under {@code lease}, long-polling 300 ms. */
  static List<Delivery> fetch(SqsBroker b, String q, int max, Duration lease)
      throws InterruptedException {
    return b.fetch(FetchRequest.of(q, max, lease, Duration.ofMillis(300)));
  }
}
