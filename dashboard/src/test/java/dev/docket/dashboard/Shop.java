package dev.docket.dashboard;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.NonRetryableException;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.tck.SharedRedis;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A client with one task that fails (dead-lettered at once, no retries) while {@link #failing}
 * is set, and succeeds after: the dead letter a journey replays. On memory://, on the shared
 * Redis under a fresh key prefix, on the shared RabbitMQ (its queue deleted before and after), or
 * on an ElasticMQ embedded in the test JVM; RabbitMQ and SQS keep job states in an in-memory store.
 */
final class Shop implements AutoCloseable {

  static final String QUEUE = "billing";
  static final TaskType<String, String> CHARGE = TaskType.builder("billing.charge",
      String.class, String.class).queue(QUEUE).build();

  final Docket docket;
  final AtomicBoolean failing = new AtomicBoolean(true);
  /** Leaves the server as it was once the client is closed. */
  private final Runnable cleanup;

  private Shop(Docket docket, Runnable cleanup) {
    this.docket = docket;
    this.cleanup = cleanup;
  }

  static Shop memory() {
    return new Shop(Docket.connect("memory://"), () -> { });
  }

  /** The shared Redis under a unique key prefix (broker and its own store). */
  static Shop redis() {
    return redis("");
  }

  /** Like {@link #redis()}, with {@code userInfo} ("user:password@") in both URIs. */
  static Shop redis(String userInfo) {
    String prefix = SharedRedis.uniquePrefix("dash");
    // The shared server (or $DOCKET_TEST_REDIS_URI): under CI=true a missing one fails the test.
    URI server = SharedRedis.uri();
    String redis = "redis://" + userInfo + server.getHost() + ":" + server.getPort()
        + "?keyPrefix=";
    // A Redis broker brings no store of its own: job states go to Redis under a second prefix.
    // The broker's and the store's keys go at close.
    return new Shop(Docket.builder().uri(redis + prefix).storeUri(redis + prefix + "-state")
        .build(), () -> SharedRedis.deleteKeys(server, prefix, prefix + "-state"));
  }

  /**
   * The shared RabbitMQ (or $DOCKET_TEST_AMQP_URI; under CI=true a missing one fails the test).
   * The queue's name is fixed by the journeys, so its AMQP queues (work, dead letters, delay
   * tiers) are deleted before, should a killed run have left them, and after.
   */
  static Shop rabbit() {
    URI amqp = TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672"));
    Runnable drop = () -> {
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        admin.deleteQueue(QUEUE);
      }
    };
    drop.run();
    return new Shop(Docket.builder().uri(amqp.toString()).storeUri("memory://").build(), drop);
  }

  /**
   * The ElasticMQ the SQS shops share, embedded in this JVM and reached over HTTP, each shop under
   * a queue prefix of its own. Started once and never stopped: stopping waits for open long polls
   * to time out, and the forked test JVM's exit ends it.
   */
  private static @Nullable URI elasticMq;

  private static synchronized URI elasticMq() {
    if (elasticMq == null) {
      SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1")
          .start();
      elasticMq = URI.create("http://127.0.0.1:"
          + server.waitUntilStarted().localAddress().getPort());
    }
    return elasticMq;
  }

  /** SQS on the embedded ElasticMQ, under a fresh queue prefix. */
  static Shop sqs() {
    String prefix = "dash" + UUID.randomUUID().toString().substring(0, 8);
    String uri = "sqs://test:test@us-east-1/" + prefix + "?endpoint=" + elasticMq();
    return new Shop(Docket.builder().uri(uri).storeUri("memory://").build(), () -> { });
  }

  /** A worker for the queue; call start() for a live one or runDue() to step. */
  Worker worker() {
    return docket.worker().queues(QUEUE).concurrency(2)
        .handle(CHARGE, (order, ctx) -> {
          if (failing.get()) {
            throw new NonRetryableException("card declined for " + order);
          }
          return "charged " + order;
        }).build();
  }

  void enqueue(String id, String order) {
    docket.enqueue(CHARGE, order, EnqueueOptions.builder().jobId(id).build());
  }

  @Override
  public void close() {
    docket.close();
    cleanup.run();
  }
}
