package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Docket on one broker: producers call the client, {@code workers} × {@code concurrency} run. */
final class DocketSubject implements Subject {

  /** No retries: a failed benchmark job is a bug to see, not to hide. */
  private static final TaskType<Ping, Void> PING = TaskType.builder("bench.ping", Ping.class,
      Void.class).retryPolicy(RetryPolicy.none()).build();

  private final Docket docket;
  private final int workers;
  private final int concurrency;
  private final String queuePrefix;
  private final AtomicInteger runs = new AtomicInteger();

  DocketSubject(Docket docket, int workers, int concurrency, String queuePrefix) {
    this.docket = docket;
    this.workers = workers;
    this.concurrency = concurrency;
    this.queuePrefix = queuePrefix;
  }

  @Override
  public String name() {
    return "docket";
  }

  private String freshQueue(String kind) {
    return queuePrefix + kind + "-" + runs.incrementAndGet();
  }

  @Override
  public double bulkEnqueue(int jobs, int batch) throws Exception {
    String queue = freshQueue("bulk");
    EnqueueOptions options = EnqueueOptions.builder().queue(queue).build();
    docket.stats(queue); // declares the queue outside the timed part
    long start = System.nanoTime();
    Batches.send(jobs, batch, i -> JobRequest.of(PING, new Ping(i, 0), options),
        docket::enqueueAll);
    double rate = jobs * 1e9 / (System.nanoTime() - start);
    BenchQueues.drop(docket, queue);
    return rate;
  }

  @Override
  public double endToEnd(int jobs, int batch, Duration timeout) throws Exception {
    return withWorkers("e2e", jobs, (options, sink) -> {
      long start = System.nanoTime();
      Batches.send(jobs, batch,
          i -> JobRequest.of(PING, new Ping(i, System.nanoTime()), options), docket::enqueueAll);
      sink.await(timeout);
      return jobs * 1e9 / (System.nanoTime() - start);
    });
  }

  @Override
  public LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception {
    return withWorkers("latency", jobs, (options, sink) -> Pacer.latencyRun(jobs, perSecond,
        sink, timeout, ping -> docket.enqueue(PING, ping, options)));
  }

  /** What a measured run does while the workers consume: enqueue with the options, then wait. */
  private interface Run<T> {
    T run(EnqueueOptions options, Sink sink) throws Exception;
  }

  /**
   * Runs {@code body} against a fresh queue of {@code kind} with the workers started on it and a
   * sink expecting {@code jobs} pings; the workers stop afterwards, whatever happened.
   */
  private <T> T withWorkers(String kind, int jobs, Run<T> body) throws Exception {
    String queue = freshQueue(kind);
    EnqueueOptions options = EnqueueOptions.builder().queue(queue).build();
    Sink sink = new Sink(jobs);
    List<Worker> running = startWorkers(queue, sink);
    try {
      return body.run(options, sink);
    } finally {
      stop(running);
      BenchQueues.drop(docket, queue);
    }
  }

  private List<Worker> startWorkers(String queue, Sink sink) {
    List<Worker> out = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      out.add(docket.worker()
          .workerId("bench-" + w)
          .queues(queue)
          .concurrency(concurrency)
          .handle(PING, (ping, ctx) -> {
            sink.accept(ping);
            return null;
          })
          .start());
    }
    return out;
  }

  private static void stop(List<Worker> workers) {
    workers.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
  }

  @Override
  public void close() {
    docket.close();
  }
}
