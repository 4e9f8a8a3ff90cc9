package dev.docket.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The raw in-process baseline for {@code memory://}: a {@link LinkedBlockingQueue} handing the
 * same {@link Ping}s to the same number of consumer threads, which do the same {@link Sink} work.
 * No serialization, leases, retries or bookkeeping: the floor Docket's overhead is measured from.
 */
final class BaselineSubject implements Subject {

  /** Tells a consumer thread to stop. */
  private static final Ping POISON = new Ping(-1, 0);

  private final int threads;

  /** {@code threads} consumers, matching Docket's workers × concurrency. */
  BaselineSubject(int threads) {
    this.threads = threads;
  }

  @Override
  public String name() {
    return "LinkedBlockingQueue";
  }

  @Override
  public double bulkEnqueue(int jobs, int batch) throws Exception {
    BlockingQueue<Ping> queue = new LinkedBlockingQueue<>();
    long start = System.nanoTime();
    Batches.send(jobs, batch, i -> new Ping(i, 0), queue::addAll);
    double rate = jobs * 1e9 / (System.nanoTime() - start);
    if (queue.size() != jobs) {
      throw new IllegalStateException("baseline queue holds " + queue.size() + " of " + jobs);
    }
    return rate;
  }

  @Override
  public double endToEnd(int jobs, int batch, Duration timeout) throws Exception {
    return withConsumers(jobs, (queue, sink) -> {
      long start = System.nanoTime();
      Batches.send(jobs, batch, i -> new Ping(i, System.nanoTime()), queue::addAll);
      sink.await(timeout);
      return jobs * 1e9 / (System.nanoTime() - start);
    });
  }

  @Override
  public LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception {
    return withConsumers(jobs,
        (queue, sink) -> Pacer.latencyRun(jobs, perSecond, sink, timeout, queue::put));
  }

  /** What a measured run does while the consumers take: put pings on the queue, then wait. */
  private interface Run<T> {
    T run(BlockingQueue<Ping> queue, Sink sink) throws Exception;
  }

  /**
   * Runs {@code body} against a fresh queue with the consumers started on it and a sink expecting
   * {@code jobs} pings; the consumers stop afterwards, whatever happened.
   */
  private <T> T withConsumers(int jobs, Run<T> body) throws Exception {
    BlockingQueue<Ping> queue = new LinkedBlockingQueue<>();
    Sink sink = new Sink(jobs);
    List<Thread> consumers = startConsumers(queue, sink);
    try {
      return body.run(queue, sink);
    } finally {
      stop(queue, consumers);
    }
  }

  @SuppressWarnings("ReferenceEquality") // POISON is a sentinel instance, compared by identity
  private List<Thread> startConsumers(BlockingQueue<Ping> queue, Sink sink) {
    List<Thread> out = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      out.add(Thread.ofPlatform().daemon().name("baseline-" + t).start(() -> {
        try {
          for (Ping p = queue.take(); p != POISON; p = queue.take()) {
            sink.accept(p);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    return out;
  }

  private static void stop(BlockingQueue<Ping> queue, List<Thread> consumers)
      throws InterruptedException {
    for (int i = 0; i < consumers.size(); i++) {
      queue.put(POISON);
    }
    for (Thread t : consumers) {
      t.join(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {}
}
