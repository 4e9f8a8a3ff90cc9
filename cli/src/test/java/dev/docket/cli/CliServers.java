package dev.docket.cli;

import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The servers the CLI's process tests talk to besides Redis (which {@link
 * dev.docket.tck.SharedRedis} serves): a fresh queue on the shared RabbitMQ, and ElasticMQ in
 * this JVM, reached over HTTP by the {@code docket} processes too.
 */
final class CliServers {

  private CliServers() {}

  /** {@code name-} and eight random hex digits: a name no other run uses. */
  static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A test body on the shared RabbitMQ and a queue of its own there. */
  interface RabbitBody {
    void run(URI amqp, String queue) throws Exception;
  }

  /**
   * Runs {@code body} with the shared RabbitMQ and a fresh queue name, then deletes the queue
   * (should the body have declared it), whether the body passed or not.
   */
  static void onRabbitQueue(RabbitBody body) throws Exception {
    URI amqp = TestServers.rabbitMq();
    String queue = unique("cli");
    try {
      body.run(amqp, queue);
    } finally {
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        admin.deleteQueue(queue);
      }
    }
  }

  /** ElasticMQ on a free loopback port of this JVM; closing it stops the server. */
  static final class Sqs implements AutoCloseable {
    private final SQSRestServer server;
    private final int port;

    Sqs() {
      server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
      port = server.waitUntilStarted().localAddress().getPort();
    }

    /** An {@code sqs://} URI whose queue names start with {@code prefix} (dummy credentials). */
    String uri(String prefix) {
      return "sqs://test:test@us-east-1/" + prefix + "?endpoint=http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      // Do not wait: stopping waits for open long polls to time out.
      server.stopAndGetFuture();
    }
  }
}
