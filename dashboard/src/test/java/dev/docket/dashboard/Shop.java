package dev.docket.dashboard;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.NonRetryableException;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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

  private Shop(Docket docket) {
    this.docket = docket;
  }

  static Shop memory() {
    return new Shop(Docket.connect("memory://"));
  }

  /** The shared Redis under a unique key prefix (broker and its own store). */
  static Shop redis() {
    String prefix = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    return new Shop(Docket.connect("redis://127.0.0.1:6379?keyPrefix=" + prefix));
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
  }
}
