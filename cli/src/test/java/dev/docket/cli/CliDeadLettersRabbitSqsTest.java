package dev.docket.cli;

import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link CliRedisTest}'s operator session (enqueue, stats, health, dlq list, show, refused purge,
 * replay, purge by task; each a separate {@code docket} process) on RabbitMQ and on SQS. Without
 * an {@code idStore} these brokers keep live ids in each process, so the second process's enqueue
 * of the same id is not checked here (the TCK's R-rules and the fault kit cover it with a store).
 */
class CliDeadLettersRabbitSqsTest {

  @Test
  void deadLetterJourney_onRabbitMq() throws Exception {
    URI amqp = TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672"));
    String queue = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      CliRedisTest.deadLetterJourney(amqp.toString(), queue, false);
    } finally {
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        admin.deleteQueue(queue);
      }
    }
  }

  @Test
  void deadLetterJourney_onSqs() throws Exception {
    // ElasticMQ embedded in this JVM, reached over HTTP by the docket processes too.
    SQSRestServer sqs = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
    int port = sqs.waitUntilStarted().localAddress().getPort();
    String uri = "sqs://test:test@us-east-1/cli" + UUID.randomUUID().toString().substring(0, 8)
        + "?endpoint=http://127.0.0.1:" + port;
    try {
      CliRedisTest.deadLetterJourney(uri, "billing", false);
    } finally {
      // Do not wait: stopping waits for open long polls to time out.
      sqs.stopAndGetFuture();
    }
  }
}
