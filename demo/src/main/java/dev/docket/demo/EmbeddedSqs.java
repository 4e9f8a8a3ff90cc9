package dev.docket.demo;

import java.io.PrintStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * ElasticMQ started in the demo's own JVM when the broker URI is {@value #URI}, so the demo runs
 * on SQS semantics without an AWS account or a separate server (the same URI as the bench's).
 *
 * @param server the running server
 * @param port its port on 127.0.0.1
 */
record EmbeddedSqs(SQSRestServer server, int port) implements AutoCloseable {

  /** The broker URI that means "start ElasticMQ here". */
  static final String URI = "sqs://elasticmq";

  /** Starts ElasticMQ on a free loopback port if {@code uri} asks for it, else returns null. */
  static @Nullable EmbeddedSqs startIfAsked(String uri, PrintStream out) {
    if (!uri.equals(URI)) {
      return null;
    }
    SQSRestServer server =
        SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
    int port = server.waitUntilStarted().localAddress().getPort();
    out.println("ElasticMQ started in this JVM on 127.0.0.1:" + port);
    return new EmbeddedSqs(server, port);
  }

  /** The {@code sqs://} URI of the embedded server (its credentials are ElasticMQ's dummies). */
  String brokerUri() {
    return "sqs://us-east-1/embedded-?endpoint=http://127.0.0.1:" + port
        + "&accessKeyId=demo&secretAccessKey=demo";
  }

  @Override
  public void close() {
    // Do not wait: ElasticMQ would wait for open long polls to time out.
    server.stopAndGetFuture();
  }
}
