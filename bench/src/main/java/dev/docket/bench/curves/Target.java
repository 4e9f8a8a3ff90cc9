package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.bench.BenchQueues;
import dev.docket.spi.Redaction;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One broker of a curve run, connected as a user would ({@link Docket#connect}), with a name
 * unique to the run, and the cleanup that leaves nothing of the run behind: on Redis a key prefix
 * of its own (every key holding it is unlinked at the end, including the prefix's queue
 * registry), on RabbitMQ every queue the run used is deleted, on SQS ({@code sqs://elasticmq}:
 * ElasticMQ embedded in this JVM) every queue of the run's prefix is deleted and the server
 * stopped.
 */
final class Target implements AutoCloseable {

  private final String kind;
  private final String shown;
  private final String marker;
  private final Docket docket;
  private final @Nullable RedisInfo redis;
  private final @Nullable SQSRestServer sqsServer;
  private final @Nullable SqsClient sqs;
  private final Set<String> queues = new LinkedHashSet<>();
  private final PrintStream out;
  /** The URI another process connects with to reach the same broker and names. */
  private String clientUri = "";

  private Target(String kind, String shown, String marker, Docket docket,
      @Nullable RedisInfo redis, @Nullable SQSRestServer sqsServer, @Nullable SqsClient sqs,
      PrintStream out) {
    this.kind = kind;
    this.shown = shown;
    this.marker = marker;
    this.docket = docket;
    this.redis = redis;
    this.sqsServer = sqsServer;
    this.sqs = sqs;
    this.out = out;
  }

  /** Connects to {@code uri}; {@code marker} is unique to the run and names all it creates. */
  static Target open(String uri, String marker, PrintStream out) {
    if (uri.startsWith("redis://")) {
      String full = uri + (uri.contains("?") ? "&" : "?") + "keyPrefix=" + marker;
      return new Target("redis", Redaction.redact(uri), marker, Docket.connect(full),
          new RedisInfo(uri), null, null, out).clientUri(full);
    }
    if (uri.startsWith("amqp://") || uri.startsWith("amqps://")) {
      return new Target("rabbitmq", Redaction.redact(uri), marker, Docket.connect(uri), null,
          null, null, out).clientUri(uri);
    }
    if (uri.equals("sqs://elasticmq")) {
      SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1")
          .start();
      int port = server.waitUntilStarted().localAddress().getPort();
      String endpoint = "http://127.0.0.1:" + port;
      SqsClient client = SqsClient.builder().region(Region.US_EAST_1)
          .httpClient(UrlConnectionHttpClient.create())
          .endpointOverride(URI.create(endpoint))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create("bench", "bench"))).build();
      String connect = "sqs://us-east-1/" + marker + "?endpoint=" + endpoint
          + "&accessKeyId=bench&secretAccessKey=bench";
      return new Target("sqs", "sqs://elasticmq (embedded, " + endpoint + ")", marker,
          Docket.connect(connect), null, server, client, out).clientUri(connect);
    }
    throw new IllegalArgumentException("curves run on redis://, amqp:// or sqs://elasticmq, not "
        + uri);
  }

  private Target clientUri(String uri) {
    this.clientUri = uri;
    return this;
  }

  /**
   * The URI a worker in another process connects with to reach this run's broker and names (on
   * Redis with the run's key prefix; on SQS the embedded ElasticMQ's endpoint).
   */
  String clientUri() {
    return clientUri;
  }

  /** {@code redis}, {@code rabbitmq} or {@code sqs}. */
  String kind() {
    return kind;
  }

  /** The URI without credentials. */
  String shown() {
    return shown;
  }

  Docket docket() {
    return docket;
  }

  /** The Redis server's figures, on Redis only. */
  @Nullable RedisInfo redis() {
    return redis;
  }

  /** A queue name unique to this run, remembered for the cleanup. */
  String queue(String name) {
    // On Redis the key prefix already makes it unique; elsewhere the queue names carry it.
    String q = kind.equals("redis") ? name : marker + "-" + name;
    queues.add(q);
    return q;
  }

  /** Empties a queue of this run and, on RabbitMQ, deletes it (a dozen AMQP queues each). */
  void drop(String queue) {
    BenchQueues.drop(docket, queue);
  }

  @Override
  public void close() {
    try {
      for (String q : queues) {
        try {
          drop(q);
        } catch (RuntimeException e) {
          out.println("cleanup: " + q + ": " + e);
        }
      }
      docket.close();
    } finally {
      if (redis != null) {
        long n = redis.unlinkContaining(marker);
        out.printf("cleanup: unlinked %d Redis keys of %s, %d left%n", n, marker,
            redis.countContaining(marker));
        redis.close();
      }
      if (sqs != null) {
        var urls = sqs.listQueues(b -> b.queueNamePrefix(marker)).queueUrls();
        urls.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
        out.printf("cleanup: deleted %d SQS queues of %s%n", urls.size(), marker);
        sqs.close();
      }
      if (sqsServer != null) {
        sqsServer.stopAndGetFuture();
      }
    }
  }
}
