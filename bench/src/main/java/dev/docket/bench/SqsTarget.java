package dev.docket.bench;

import dev.docket.broker.sqs.SqsBrokerConfig;
import dev.docket.spi.BrokerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The SQS endpoint of a bench run, shared by the Docket subject and the raw-SDK baseline: {@code
 * sqs://elasticmq} starts ElasticMQ embedded in this JVM, any other {@code sqs://} URI is used as
 * given.
 */
final class SqsTarget implements AutoCloseable {

  /** The URI that means "ElasticMQ embedded in the bench JVM". */
  static final String EMBEDDED = "sqs://elasticmq";

  private final SqsBrokerConfig config;
  private final SQSRestServer server;

  private SqsTarget(SqsBrokerConfig config, SQSRestServer server) {
    this.config = config;
    this.server = server;
  }

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

  /** The broker settings. */
  SqsBrokerConfig config() {
    return config;
  }

  /** A plain SDK client on the same endpoint, for the baseline. */
  SqsClient rawClient(ExecutionInterceptor counter) {
    SqsClientBuilder b = SqsClient.builder().region(Region.of(config.region()))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter));
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    if (config.accessKeyId() != null && config.secretAccessKey() != null) {
      b.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return b.build();
  }

  @Override
  public void close() {
    if (server != null) {
      // Do not wait: ElasticMQ would wait for open long polls to time out.
      server.stopAndGetFuture();
    }
  }
}
