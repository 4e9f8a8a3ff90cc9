package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.micrometer.DocketMetrics;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What observability costs end to end (issue 13, "Measured"): jobs/s with the job interceptor
 * seam off (no interceptor, MDC off) against on (MDC, and {@link DocketMetrics} as interceptor and
 * listener on a Prometheus registry, its queue and worker gauges registered), in the same JVM.
 * Rounds interleave the two modes, alternating which goes first (off-on, on-off, ...), so load
 * and JIT drift hit both alike; each round is printed with its ratio, then the medians. Each run
 * also reports the CPU time the whole process spent per job (all its threads, GC and JIT
 * included): on a machine shared with other work, wall-clock throughput swings with their load,
 * while the CPU a job costs this process swings far less, so its on/off ratio is the steadier
 * reading of the same overhead. The bytes the process allocated per job (every thread) are
 * printed too: they do not depend on load at all.
 *
 * <p>Each run builds a fresh client and worker on a fresh queue (on Redis: a fresh key prefix,
 * deleted afterwards), enqueues {@code jobs} in batches of 100 while the worker runs them, and
 * times from the first enqueue to the last handler. Args ({@code key=value}): {@code uri}
 * (default {@code memory://}), {@code jobs} (20000), {@code rounds} (6), {@code concurrency}
 * (16), {@code percentiles} ({@code false}, DocketMetrics' default on Prometheus: only the
 * histogram buckets Prometheus exports; {@code true}: client-side p50/p95/p99 as well, as before
 * 0.3's per-registry default), {@code log} ({@code logback}, the default: Logback at level WARN,
 * whose MDC is a thread-local map, so "MDC on" costs what it costs an application on Logback;
 * {@code simple}: slf4j-simple, whose MDC is a no-op, as every run before 7 December 2026 used).
 * Started by {@code bench/overhead.sh}.
 */
public final class Overhead {
  private static final TaskType<Integer, Void> PING = TaskType.builder("bench.ping",
      Integer.class, Void.class).retryPolicy(RetryPolicy.none()).build();
  private static final int BATCH = 100;
  /** Whether DocketMetrics is asked for client-side percentiles in the "on" runs. */
  private static boolean percentiles;

  private Overhead() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code uri=}, {@code jobs=}, {@code rounds=}, {@code concurrency=}
   * @throws Exception when a run fails or stalls
   */
  public static void main(String[] args) throws Exception {
    String uri = arg(args, "uri", "memory://");
    int jobs = Integer.parseInt(arg(args, "jobs", "20000"));
    int rounds = Integer.parseInt(arg(args, "rounds", "6"));
    int concurrency = Integer.parseInt(arg(args, "concurrency", "16"));
    percentiles = Boolean.parseBoolean(arg(args, "percentiles", "false"));
    // Before the first logger or MDC call: which SLF4J provider, hence which MDC, the run uses.
    String log = arg(args, "log", "logback");
    System.setProperty("slf4j.provider", switch (log) {
      case "logback" -> "ch.qos.logback.classic.spi.LogbackServiceProvider";
      case "simple" -> "org.slf4j.simple.SimpleServiceProvider";
      default -> throw new IllegalArgumentException("log=logback or log=simple, was " + log);
    });
    // Named because it decides what "MDC on" costs: slf4j-simple's is a no-op (every put and
    // get does nothing), Logback's is a real thread-local map.
    String mdcAdapter = String.valueOf(MDC.getMDCAdapter()).replaceAll("@.*", "");
    System.out.printf(Locale.ROOT, "overhead: %s, %d jobs per run, %d rounds, concurrency %d,"
        + " client-side percentiles %s, MDC adapter %s%n", uri, jobs, rounds, concurrency,
        percentiles ? "on (asked for)" : "off (the default on Prometheus)", mdcAdapter);
    // Warm-up: both paths JIT-compiled before anything is measured.
    for (int i = 0; i < 2; i++) {
      run(uri, jobs / 2, concurrency, false);
      run(uri, jobs / 2, concurrency, true);
    }
    double[] off = new double[rounds];
    double[] on = new double[rounds];
    double[] ratio = new double[rounds];
    double[] offCpu = new double[rounds];
    double[] onCpu = new double[rounds];
    double[] cpuRatio = new double[rounds];
    double[] offBytes = new double[rounds];
    double[] onBytes = new double[rounds];
    System.out.println("| round | off, jobs/s | on, jobs/s | on / off | off, CPU µs/job"
        + " | on, CPU µs/job | off / on, CPU | off, B/job | on, B/job |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int r = 0; r < rounds; r++) {
      Result a;
      Result b;
      if (r % 2 == 0) {
        a = run(uri, jobs, concurrency, false);
        b = run(uri, jobs, concurrency, true);
      } else {
        b = run(uri, jobs, concurrency, true);
        a = run(uri, jobs, concurrency, false);
      }
      off[r] = a.jobsPerSecond();
      on[r] = b.jobsPerSecond();
      ratio[r] = on[r] / off[r];
      offCpu[r] = a.cpuMicrosPerJob();
      onCpu[r] = b.cpuMicrosPerJob();
      // Inverted so that, like the throughput ratio, below 1 means "on costs more".
      cpuRatio[r] = offCpu[r] / onCpu[r];
      offBytes[r] = a.bytesPerJob();
      onBytes[r] = b.bytesPerJob();
      System.out.printf(Locale.ROOT,
          "| %d%s | %,.0f | %,.0f | %.3f | %.2f | %.2f | %.3f | %,.0f | %,.0f |%n",
          r + 1, r % 2 == 0 ? " (off first)" : " (on first)", off[r], on[r], ratio[r],
          offCpu[r], onCpu[r], cpuRatio[r], offBytes[r], onBytes[r]);
    }
    System.out.printf(Locale.ROOT,
        "| median | %,.0f | %,.0f | %.3f | %.2f | %.2f | %.3f | %,.0f | %,.0f |%n",
        median(off), median(on), median(ratio), median(offCpu), median(onCpu),
        median(cpuRatio), median(offBytes), median(onBytes));
    System.out.printf(Locale.ROOT,
        "on is %.1f %% %s than off (median of the per-round ratios)%n",
        Math.abs(1 - median(ratio)) * 100, median(ratio) < 1 ? "slower" : "faster");
  }

  private static String arg(String[] args, String key, String def) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return def;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** One run: wall-clock throughput, the process's CPU time and allocation per job. */
  private record Result(double jobsPerSecond, double cpuMicrosPerJob, double bytesPerJob) {}

  /**
   * {@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()} (JDK 25)
   * (the harness compiles for 21), or null where the running JDK lacks it.
   */
  private static final java.lang.reflect.@Nullable Method TOTAL_ALLOCATED = totalAllocated();

  private static java.lang.reflect.@Nullable Method totalAllocated() {
    try {
      return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Bytes allocated by the JVM's threads so far, or -1 where the JDK cannot tell. */
  private static long allocatedBytes() {
    if (TOTAL_ALLOCATED == null) {
      return -1;
    }
    try {
      return (long) TOTAL_ALLOCATED.invoke(ManagementFactory.getThreadMXBean());
    } catch (ReflectiveOperationException e) {
      return -1;
    }
  }

  /** CPU time of the whole process (every thread) so far, in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Result run(String uri, int jobs, int concurrency, boolean observed)
      throws Exception {
    String prefix = "bench-obs-" + UUID.randomUUID().toString().substring(0, 8);
    boolean redis = uri.startsWith("redis");
    String full = redis ? uri + (uri.contains("?") ? "&" : "?") + "keyPrefix=" + prefix : uri;
    DocketMetrics.Builder mb = DocketMetrics.builder().pollInterval(Duration.ofSeconds(15));
    if (percentiles) {
      mb.percentiles(DocketMetrics.DEFAULT_PERCENTILES); // computed, though Prometheus drops them
    }
    DocketMetrics metrics = mb.build();
    Docket.Builder builder = Docket.builder().uri(full).recordStates(false);
    if (observed) {
      builder.listener(metrics).interceptor(metrics);
      metrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
    String queue = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    CountDownLatch done = new CountDownLatch(jobs);
    try (Docket docket = builder.build(); metrics;
        Worker w = docket.worker().queues(queue).concurrency(concurrency).mdc(observed)
            .handle(PING, (n, ctx) -> {
              done.countDown();
              return null;
            }).start()) {
      if (observed) {
        metrics.monitorQueues(docket, queue).monitorWorker(w);
      }
      EnqueueOptions options = EnqueueOptions.builder().queue(queue).build();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      long bytesStart = allocatedBytes();
      for (int sent = 0; sent < jobs; sent += BATCH) {
        List<JobRequest<Integer>> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH && sent + i < jobs; i++) {
          batch.add(JobRequest.of(PING, sent + i, options));
        }
        docket.enqueueAll(batch);
      }
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException((observed ? "on" : "off") + ": " + done.getCount()
            + " jobs did not run in 5 minutes");
      }
      long wall = System.nanoTime() - start;
      long cpu = processCpuNanos() - cpuStart;
      long bytes = allocatedBytes() - bytesStart;
      return new Result(jobs * 1e9 / wall, cpu / 1e3 / jobs,
          bytesStart < 0 ? Double.NaN : (double) bytes / jobs);
    } finally {
      if (redis) {
        deleteKeys(uri, prefix);
      }
    }
  }

  /** Leaves nothing on a shared Redis: every key of this run's prefix goes. */
  private static void deleteKeys(String uri, String prefix) {
    RedisClient client = RedisClient.create(uri);
    try (var c = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.sync().scan(cursor,
            ScanArgs.Builder.matches("*" + prefix + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          c.sync().unlink(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }
}
