package dev.docket.dashboard;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.NonRetryableException;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.tck.SharedRedis;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A client with one task that fails (dead-lettered at once, no retries) while {@link #failing}
 * is set, and succeeds after: the dead letter a journey replays. On memory:// or on the shared
 * Redis under a fresh key prefix.
 */
final class Shop implements AutoCloseable {

  static final String QUEUE = "billing";
  static final TaskType<String, String> CHARGE = TaskType.builder("billing.charge",
      String.class, String.class).queue(QUEUE).build();

  final Docket docket;
  final AtomicBoolean failing = new AtomicBoolean(true);
  private final @Nullable String redisPrefix;
  private final @Nullable URI redisServer;

  private Shop(Docket docket, @Nullable String redisPrefix) {
    this.docket = docket;
    this.redisPrefix = redisPrefix;
    this.redisServer = redisPrefix == null ? null : SharedRedis.uri();
  }

  static Shop memory() {
    return new Shop(Docket.connect("memory://"), null);
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
    return new Shop(Docket.builder().uri(redis + prefix).storeUri(redis + prefix + "-state")
        .build(), prefix);
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
    if (redisPrefix != null && redisServer != null) {
      // Leaves the shared Redis as it was: the broker's and the store's keys go.
      SharedRedis.deleteKeys(redisServer, redisPrefix, redisPrefix + "-state");
    }
  }
}
