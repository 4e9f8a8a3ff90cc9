package dev.docket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.tck.SharedRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binder on a real Redis (127.0.0.1:6379 or DOCKET_TEST_REDIS_URI), isolated by a key prefix
 * of its own: exact counts, and a Prometheus scrape written to target/ for the docs.
 */
class DocketMetricsRedisTest {
  private static final String REDIS = System.getenv().getOrDefault("DOCKET_TEST_REDIS_URI",
      "redis://127.0.0.1:6379");
  private final String prefix = "obs-" + UUID.randomUUID().toString().substring(0, 8);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DocketMetrics metrics = DocketMetrics.builder()
      .pollInterval(Duration.ofMillis(100)).build();
  private final Docket docket = Docket.builder().uri(REDIS + "?keyPrefix=" + prefix)
      .recordStates(false).listener(metrics).interceptor(metrics).build();

  private static final TaskType<Integer, Integer> SEND = TaskType.builder("send", Integer.class,
      Integer.class).queue("mail").retryPolicy(RetryPolicy.builder().maxRetries(1)
          .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(50)).build())
      .build();

  @AfterEach
  void close() {
    metrics.close();
    docket.close();
    SharedRedis.deleteKeys(URI.create(REDIS), prefix);
  }

  /** The rows of the meter table in docs/observability.md (MDC and span tables left out). */
  private static List<String> documentedMeters() throws IOException {
    return Files.readAllLines(Path.of("..", "docs", "observability.md")).stream()
        .filter(l -> l.startsWith("| `docket."))
        .filter(l -> List.of("timer", "counter", "gauge", "time gauge")
            .contains(l.split("\\|")[2].strip()))
        .toList();
  }

  private double count(String name) {
    var c = registry.find(name).tag("task", "send").tag("queue", "mail").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void countsOnRedis_areExact_andScrapeShowsThem() throws IOException {
    metrics.bindTo(registry);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch extended = new CountDownLatch(1);
    // Every 5th job fails once, then succeeds; job 0 always fails (dead after one retry). Job 7
    // runs until its lease (2 s, kept every 0.5 s) was extended twice.
    try (Worker w = docket.worker().queues("mail").concurrency(4).workerId("obs-worker")
        .lease(Duration.ofSeconds(2)).handle(SEND, (n, ctx) -> {
          runs.incrementAndGet();
          if (n == 7 && !extended.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the lease of job 7 was never extended");
          }
          if (n == 0 || (n % 5 == 0 && ctx.attempt() == 1)) {
            throw new IllegalStateException("job " + n + " attempt " + ctx.attempt());
          }
          return n;
        }).start()) {
      metrics.monitorQueues(docket, "mail").monitorWorker(w);
      for (int i = 0; i < 20; i++) {
        docket.enqueue(SEND, i);
      }
      docket.enqueue(SEND, 99, EnqueueOptions.builder().delay(Duration.ofHours(1)).build());
      await().atMost(Duration.ofSeconds(20)).until(() -> w.stats().leaseExtensions() >= 2);
      extended.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> count("docket.jobs.dead") == 1
          && count("docket.jobs.succeeded") == 19);
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("docket.queue.dead")
          .tag("queue", "mail").gauge().value() == 1);
    }
    // 20 jobs: 19 succeed (3 of them after one retry: 5, 10, 15), job 0 fails twice and dies.
    assertThat(count("docket.jobs.enqueued")).isEqualTo(21);
    assertThat(count("docket.jobs.started")).isEqualTo(24);
    assertThat(count("docket.jobs.succeeded")).isEqualTo(19);
    assertThat(count("docket.jobs.failed")).isEqualTo(5);
    assertThat(count("docket.jobs.retried")).isEqualTo(4);
    assertThat(count("docket.jobs.dead")).isEqualTo(1);
    assertThat(runs.get()).isEqualTo(24);
    var duration = registry.get("docket.job.duration").tag("task", "send");
    assertThat(duration.tag("outcome", "success").timer().count()).isEqualTo(19);
    assertThat(registry.get("docket.job.duration").tag("outcome", "retry").timer().count())
        .isEqualTo(4);
    assertThat(registry.get("docket.job.duration").tag("outcome", "dead").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("docket.job.wait").tag("task", "send").timer().count())
        .isEqualTo(20);
    assertThat(registry.get("docket.job.wait").timer().max(TimeUnit.SECONDS)).isLessThan(30);
    assertThat(registry.get("docket.queue.delayed").tag("queue", "mail").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("docket.worker.concurrency").tag("worker", "obs-worker").gauge()
        .value()).isEqualTo(4);
    var fetch = registry.get("docket.worker.fetch").tag("worker", "obs-worker").functionTimer();
    assertThat(fetch.count()).isPositive();
    assertThat(fetch.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.get("docket.worker.lease.extensions").tag("worker", "obs-worker")
        .functionCounter().count()).isGreaterThanOrEqualTo(2);
    assertThat(registry.get("docket.worker.lease.extension.failures").tag("worker",
        "obs-worker").functionCounter().count()).isZero();

    String scrape = registry.scrape();
    assertThat(scrape).contains("docket_jobs_succeeded_total{queue=\"mail\",task=\"send\"} 19.0")
        .contains("docket_job_duration_seconds_count{outcome=\"success\",queue=\"mail\","
            + "task=\"send\"} 19")
        .contains("docket_job_duration_seconds_bucket{outcome=\"success\",queue=\"mail\","
            + "task=\"send\",le=\"+Inf\"} 19")
        .contains("docket_queue_dead{queue=\"mail\"} 1.0")
        .contains("docket_worker_concurrency{worker=\"obs-worker\"} 4.0")
        .contains("docket_worker_lease_extension_failures_total{worker=\"obs-worker\"} 0.0");
    // Every meter docs/observability.md lists is in the scrape, under its Prometheus name (the
    // stuck-handler counter excepted: no handler got stuck in this run).
    List<String> documented = documentedMeters();
    assertThat(documented).hasSizeGreaterThanOrEqualTo(22);
    for (String row : documented) {
      String[] cells = row.split("\\|");
      String name = cells[1].strip().replace("`", "").replace('.', '_');
      String type = cells[2].strip();
      String family = switch (type) {
        case "timer" -> name + "_seconds_count";
        case "counter" -> name + "_total";
        case "time gauge" -> name + "_seconds";
        default -> name;
      };
      if (!name.equals("docket_jobs_stuck")) {
        assertThat(scrape).as("documented %s (%s) in the scrape", name, type)
            .containsPattern("(?m)^" + family + "\\{");
      }
    }
    Path out = Path.of("target", "prometheus-scrape.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, scrape);
  }
}
