package dev.docket.micrometer;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: end-to-end jobs/s with the seam off (no interceptor, MDC off), MDC only, and MDC
 * plus {@link DocketMetrics} on a Prometheus registry, interleaved round by round so machine load
 * hits all three alike. Args: broker URI (default memory://), jobs per round, rounds. Run with
 * the module's test class path; on a loaded machine the rounds vary too much for a 5 % verdict.
 */
public final class OverheadProbe {
  private static final TaskType<Integer, Void> PING = TaskType.builder("probe.ping",
      Integer.class, Void.class).retryPolicy(RetryPolicy.none()).build();

  private OverheadProbe() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : "memory://";
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String[] modes = {"off", "mdc", "mdc+metrics"};
    double[][] rates = new double[modes.length][rounds];
    run(uri, jobs / 4, "off"); // warm-up
    run(uri, jobs / 4, "mdc+metrics");
    for (int r = 0; r < rounds; r++) {
      for (int m = 0; m < modes.length; m++) {
        rates[m][r] = run(uri, jobs, modes[m]);
      }
    }
    for (int m = 0; m < modes.length; m++) {
      double[] sorted = rates[m].clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "%-12s median %8.0f jobs/s  rounds %s%n", modes[m],
          sorted[rounds / 2], Arrays.toString(Arrays.stream(rates[m]).map(Math::rint)
              .toArray()));
    }
  }

  private static double run(String uri, int jobs, String mode) throws Exception {
    String sep = uri.contains("?") ? "&" : "?";
    String prefix = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    String full = uri.startsWith("redis") ? uri + sep + "keyPrefix=" + prefix : uri;
    DocketMetrics metrics = DocketMetrics.builder().pollInterval(java.time.Duration.ofSeconds(
        15)).build();
    Docket.Builder b = Docket.builder().uri(full).recordStates(false);
    if (mode.equals("mdc+metrics")) {
      b.listener(metrics).interceptor(metrics);
      metrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
    String queue = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    CountDownLatch done = new CountDownLatch(jobs);
    try (Docket docket = b.build(); metrics) {
      try (Worker w = docket.worker().queues(queue).concurrency(16).mdc(!mode.equals("off"))
          .handle(PING, (n, ctx) -> {
            done.countDown();
            return null;
          }).start()) {
        if (mode.equals("mdc+metrics")) {
          metrics.monitorQueues(docket, queue).monitorWorker(w);
        }
        EnqueueOptions options = EnqueueOptions.builder().queue(queue).build();
        long start = System.nanoTime();
        for (int sent = 0; sent < jobs; sent += 100) {
          List<JobRequest<Integer>> batch = new ArrayList<>(100);
          for (int i = 0; i < 100 && sent + i < jobs; i++) {
            batch.add(JobRequest.of(PING, sent + i, options));
          }
          docket.enqueueAll(batch);
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException(mode + ": " + done.getCount() + " jobs did not run");
        }
        double rate = jobs * 1e9 / (System.nanoTime() - start);
        docket.purge(queue);
        return rate;
      }
    } finally {
      if (uri.startsWith("redis")) {
        deleteKeys(uri, prefix);
      }
    }
  }

  /** Leaves nothing on a shared Redis: every key of this round's prefix goes. */
  private static void deleteKeys(String uri, String prefix) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
    try (var c = client.connect()) {
      io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
      do {
        io.lettuce.core.KeyScanCursor<String> page = c.sync().scan(cursor,
            io.lettuce.core.ScanArgs.Builder.matches("*" + prefix + "*").limit(1000));
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
