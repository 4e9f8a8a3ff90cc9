package dev.docket.broker.sqs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs the requests of a bulk SQS operation a few at a time. SQS has no bulk verbs: scanning a
 * dead-letter queue is one receive per ten messages, and putting them back one visibility change
 * per ten, so done one after the other a page of a 10,000-letter queue took 33–54 s on
 * ElasticMQ, almost all of it waiting on round trips. With {@link #REQUESTS} in flight the round
 * trips overlap. Only operator paths (dead-letter list, replay, purge) use it.
 */
final class Parallel {

  /** Requests in flight at once. */
  static final int REQUESTS = 4;

  private Parallel() {}

  /**
   * Runs {@code body} on {@code n} virtual threads at once (on this thread when {@code n} is 1)
   * and returns when every run has ended; then throws the first failure, the others suppressed.
   */
  static void run(int n, Runnable body) {
    if (n <= 1) {
      body.run();
      return;
    }
    List<Thread> threads = new ArrayList<>(n);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      threads.add(Thread.ofVirtual().name("docket-sqs-bulk-" + i).start(() -> {
        try {
          body.run();
        } catch (Throwable t) { // rethrown on the caller's thread below
          failures.add(t);
        }
      }));
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          // The requests are under way and their outcome decides what is put back: wait for
          // them, and keep the interrupt for the caller.
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    @Nullable Throwable first = null;
    synchronized (failures) {
      for (Throwable t : failures) {
        if (first == null) {
          first = t;
        } else {
          first.addSuppressed(t);
        }
      }
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  /** Calls {@code each} with every run of up to ten of {@code items}, {@link #REQUESTS} at once. */
  static <T> void batches(List<T> items, Consumer<List<T>> each) {
    int batches = (items.size() + Batcher.MAX_BATCH - 1) / Batcher.MAX_BATCH;
    AtomicInteger next = new AtomicInteger();
    run(Math.min(REQUESTS, batches), () -> {
      for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
        each.accept(items.subList(b * Batcher.MAX_BATCH,
            Math.min(items.size(), (b + 1) * Batcher.MAX_BATCH)));
      }
    });
  }
}
