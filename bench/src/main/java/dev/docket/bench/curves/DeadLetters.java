package dev.docket.bench.curves;

import dev.docket.DeadJob;
import dev.docket.DeadLetterQueue;
import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.NonRetryableException;
import dev.docket.Page;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A dead-letter queue as it grows: for each size, a fresh queue's jobs all fail (no retries) so
 * that {@code size} jobs sit in its DLQ, {@code replay} of them of a second task; then, with no
 * worker running, it times listing the first page (100) and the tenth (walking the cursor),
 * replaying the second task's jobs by task ({@link DeadLetterQueue#replayTask}), and purging the
 * rest ({@link DeadLetterQueue#purgeAll}). On Redis, {@code used_memory} is read with the DLQ
 * full, sampled every 10 ms during replay and purge (peak), and read after.
 *
 * <p>Options: {@code uri}, {@code sizes} (10000,100000), {@code replay} (1000), {@code
 * concurrency} (32).
 */
final class DeadLetters {

  private static final TaskType<Curves.Job, Void> REPLAYED = TaskType.builder(
      "bench.curve-replayed", Curves.Job.class, Void.class)
      .retryPolicy(dev.docket.RetryPolicy.none()).build();

  private DeadLetters() {}

  static void run(Map<String, String> opts, PrintStream out) throws Exception {
    int[] sizes = Curves.nums(opts, "sizes", "10000,100000");
    int replay = Curves.num(opts, "replay", 1000);
    int concurrency = Curves.num(opts, "concurrency", 32);
    int n = sizes.length;
    double[] fill = new double[n];
    double[] first = new double[n];
    double[] tenth = new double[n];
    double[] replayMs = new double[n];
    double[] purgeMs = new double[n];
    double[] memFull = new double[n];
    double[] memPeak = new double[n];
    double[] memAfter = new double[n];
    Arrays.fill(memFull, Double.NaN);
    Arrays.fill(memPeak, Double.NaN);
    Arrays.fill(memAfter, Double.NaN);
    try (Target t = Target.open(opts.getOrDefault("uri", "redis://127.0.0.1:6379"),
        Curves.marker("dlq"), out)) {
      out.printf(Locale.ROOT, "%s: %s, DLQ sizes %s, replay %d by task%n", t.kind(), t.shown(),
          Arrays.toString(sizes), replay);
      Docket docket = t.docket();
      RedisInfo redis = t.redis();
      for (int i = 0; i < n; i++) {
        String q = t.queue("dlq-" + sizes[i]);
        docket.stats(q);
        long base = redis == null ? 0 : redis.usedMemory();
        long start = System.nanoTime();
        fill(docket, q, sizes[i], replay, concurrency);
        fill[i] = (System.nanoTime() - start) / 1e9;
        DeadLetterQueue dlq = docket.deadLetters(q);
        System.gc();
        if (redis != null) {
          memFull[i] = (redis.usedMemory() - base) / 1048576.0;
        }
        long t0 = System.nanoTime();
        Page<DeadJob> page = dlq.list(null, 100);
        first[i] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        for (int p = 1; p < 10 && page.nextCursor() != null; p++) {
          page = dlq.list(page.nextCursor(), 100);
        }
        tenth[i] = (System.nanoTime() - t0) / 1e6 / 9;
        Sampler sampler = redis == null ? null : new Sampler(redis::usedMemory);
        t0 = System.nanoTime();
        long replayed = dlq.replayTask(REPLAYED.name());
        replayMs[i] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        long purged = dlq.purgeAll();
        purgeMs[i] = (System.nanoTime() - t0) / 1e6;
        if (sampler != null) {
          memPeak[i] = (sampler.stop() - base) / 1048576.0;
        }
        long ready = docket.stats(q).ready();
        t.drop(q);
        if (redis != null) {
          memAfter[i] = (redis.usedMemory() - base) / 1048576.0;
        }
        out.printf(Locale.ROOT, "%s DLQ %s: filled in %.1f s; list first page %.1f ms, pages"
            + " 2-10 %.1f ms each; replayTask %,d (now %,d ready) in %.0f ms; purgeAll %,d in"
            + " %.0f ms; Redis MiB over the empty queue: full %s, peak during replay+purge %s,"
            + " after %s; load %s%n", t.kind(), Chart.label(sizes[i]), fill[i], first[i],
            tenth[i], replayed, ready, replayMs[i], purged, purgeMs[i], Chart.cell(memFull[i], 1),
            Chart.cell(memPeak[i], 1), Chart.cell(memAfter[i], 1), Curves.loadavg());
        if (replayed != replay || purged != sizes[i] - replay) {
          throw new IllegalStateException("replayed " + replayed + " (expected " + replay
              + "), purged " + purged + " (expected " + (sizes[i] - replay) + ")");
        }
      }
    }
    double[] x = Arrays.stream(sizes).asDoubleStream().toArray();
    List<Chart.Series> times = List.of(
        new Chart.Series("list first page, ms", x, first),
        new Chart.Series("list pages 2-10, ms each", x, tenth),
        new Chart.Series("replay " + replay + " by task, ms", x, replayMs),
        new Chart.Series("purge all, ms", x, purgeMs));
    List<Chart.Series> memory = List.of(
        new Chart.Series("Redis MiB, DLQ full", x, memFull),
        new Chart.Series("Redis MiB, peak in replay+purge", x, memPeak),
        new Chart.Series("Redis MiB, after", x, memAfter));
    List<Chart.Series> fills = List.of(new Chart.Series("fill (run and fail), s", x, fill));
    Curves.table(out, "dlq", "Time (one run per size):\n\n" + Chart.markdown("DLQ size", times, 1)
        + "\nRedis used_memory above the empty queue:\n\n"
        + Chart.markdown("DLQ size", memory, 1) + "\n" + Chart.markdown("DLQ size", fills, 1));
    Chart.categoryPng(Curves.img(opts, "dlq"), "Dead-letter queue operations vs DLQ size",
        "jobs in the DLQ", "milliseconds", times);
    out.println("wrote " + Curves.img(opts, "dlq"));
  }

  /** Enqueues {@code size} jobs that all fail for good and waits until they are dead. */
  private static void fill(Docket docket, String q, int size, int replay, int concurrency)
      throws Exception {
    Worker worker = docket.worker().workerId("curves-dlq").queues(q).concurrency(concurrency)
        .handle(Curves.TASK, (job, ctx) -> {
          throw new NonRetryableException("dead on purpose");
        })
        .handle(REPLAYED, (job, ctx) -> {
          throw new NonRetryableException("dead on purpose, to be replayed");
        }).start();
    try {
      EnqueueOptions options = EnqueueOptions.builder().queue(q).build();
      for (int sent = 0; sent < size; sent += 1000) {
        List<JobRequest<Curves.Job>> batch = new ArrayList<>();
        for (int i = sent; i < Math.min(size, sent + 1000); i++) {
          // The replayed task's jobs are spread through the DLQ, not in one block.
          boolean replayed = i % (size / replay) == 0 && i / (size / replay) < replay;
          batch.add(JobRequest.of(replayed ? REPLAYED : Curves.TASK, new Curves.Job(i, 0),
              options));
        }
        docket.enqueueAll(batch);
      }
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (docket.stats(q).dead() < size) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + docket.stats(q).dead() + " of " + size
              + " jobs dead after 10 minutes");
        }
        Thread.sleep(100);
      }
    } finally {
      worker.shutdown(java.time.Duration.ofSeconds(5));
    }
  }

  /** Samples a value every 10 ms on a daemon thread and keeps the highest. */
  private static final class Sampler {
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);
    private final Thread thread;
    private volatile boolean running = true;

    Sampler(LongSupplier value) {
      max.set(value.getAsLong());
      thread = Thread.ofPlatform().daemon().start(() -> {
        while (running) {
          max.accumulateAndGet(value.getAsLong(), Math::max);
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return max.get();
    }
  }
}
