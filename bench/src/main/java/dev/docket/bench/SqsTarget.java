package dev.docket.bench;

import dev.docket.broker.sqs.SqsBroker;
import dev.docket.broker.sqs.SqsBrokerConfig;
import dev.docket.spi.BrokerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS endpoint of a bench run, shared by the Docket subject and the raw-SDK baseline: {@code
 * sqs://elasticmq} starts ElasticMQ embedded in this JVM, any other {@code sqs://} URI is used as
 * given.
 *
 * @param config the broker settings
 * @param server the embedded ElasticMQ, or null for a server of its own
 */
record SqsTarget(SqsBrokerConfig config, SQSRestServer server) implements AutoCloseable {

  /** The URI that means "ElasticMQ embedded in the bench JVM". */
  static final String EMBEDDED = "sqs://elasticmq";

  static SqsTarget open(String uri, PrintStream out) {
    SQSRestServer server = null;
    String target = uri;
    if (uri.equals(EMBEDDED)) {
      server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
      int port = server.waitUntilStarted().localAddress().getPort();
      target = "sqs://us-east-1/bench?endpoint=http://127.0.0.1:" + port
          + "&accessKeyId=bench&secretAccessKey=bench";
      out.println("sqs: ElasticMQ embedded on 127.0.0.1:" + port);
    }
    return new SqsTarget(SqsBrokerConfig.from(new BrokerConfig(URI.create(target), Map.of(),
        Clock.systemUTC())), server);
  }

  /** A plain SDK client on the same endpoint, for the baseline. */
  SqsClient rawClient(ExecutionInterceptor counter) {
    return SqsBroker.client(config, counter);
  }

  @Override
  public void close() {
    if (server != null) {
      // Do not wait: ElasticMQ would wait for open long polls to time out.
      server.stopAndGetFuture();
    }
  }
}
