package dev.docket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.docket.BrokerUnavailableException;
import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.QueueStats;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.WorkerStats;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.TimeSource;
import dev.docket.tck.ForwardingBroker;
import dev.docket.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact meter values on memory:// with the manual clock. */
class DocketMetricsTest {
  private final ManualClock clock = new ManualClock();
  private final CountingBroker broker = new CountingBroker(
      InMemoryBroker.create(clock), clock);
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final DocketMetrics metrics = DocketMetrics.builder().pollInterval(Duration.ZERO)
      .build();
  private final Docket docket = Docket.builder().broker(broker).clock(clock).listener(metrics)
      .interceptor(metrics).build();

  private static final RetryPolicy ONE_RETRY = RetryPolicy.builder().maxRetries(1)
      .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(10)).jitter(0)
      .build();
  private static final TaskType<Integer, Integer> OK = TaskType.builder("ok", Integer.class,
      Integer.class).build();
  private static final TaskType<Integer, Integer> FLAKY = TaskType.builder("flaky",
      Integer.class, Integer.class).retryPolicy(ONE_RETRY).build();
  private static final TaskType<Integer, Integer> DOOMED = TaskType.builder("doomed",
      Integer.class, Integer.class).retryPolicy(RetryPolicy.builder().maxRetries(0).build())
      .build();

  /** Counts stats and declare calls, to prove what a scrape and a poll cost. */
  static final class CountingBroker extends ForwardingBroker {
    final AtomicInteger stats = new AtomicInteger();
    final List<String> declared = new CopyOnWriteArrayList<>();

    private final ManualClock clock;

    CountingBroker(InMemoryBroker delegate, ManualClock clock) {
      super(delegate);
      this.clock = clock;
    }

    @Override
    public QueueStats stats(String queue) {
      stats.incrementAndGet();
      return super.stats(queue);
    }

    @Override
    public void declareQueue(String queue) {
      declared.add(queue);
      super.declareQueue(queue);
    }

    /** What a fetch costs on the clock, and how many fetches fail from now. */
    volatile Duration fetchCost = Duration.ZERO;
    final AtomicInteger failFetches = new AtomicInteger();
    /** Lease extensions: "ok" as the broker answers, "lost" refused, "down" throws. */
    volatile String extend = "ok";

    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
      if (fetchCost.isPositive()) {
        clock.advance(fetchCost);
      }
      if (failFetches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new BrokerUnavailableException("broker down (test)");
      }
      return super.fetch(request);
    }

    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
      return switch (extend) {
        case "lost" -> false;
        case "down" -> throw new BrokerUnavailableException("broker down (test)");
        default -> super.extendLease(delivery, lease);
      };
    }
  }

  @AfterEach
  void close() {
    metrics.close();
    docket.close();
  }

  private Timer timer(String name, String task, String... outcome) {
    var search = registry.get(name).tag("task", task).tag("queue", "default");
    return (outcome.length == 0 ? search : search.tag("outcome", outcome[0])).timer();
  }

  private double count(String name, String task) {
    return registry.get(name).tag("task", task).tag("queue", "default").counter().count();
  }

  private static double seconds(Timer t) {
    return t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
  }

  @Test
  void jobTimersAndCounters_haveExactValuesFromTheDocketClock() {
    metrics.bindTo(registry);
    AtomicInteger flakyRuns = new AtomicInteger();
    Worker w = docket.worker().handle(OK, (n, ctx) -> {
      clock.advance(Duration.ofSeconds(2));
      return n;
    }).handle(FLAKY, (n, ctx) -> {
      if (flakyRuns.incrementAndGet() == 1) {
        clock.advance(Duration.ofMillis(500));
        throw new IllegalStateException("first time");
      }
      clock.advance(Duration.ofSeconds(1));
      return n;
    }).handle(DOOMED, (n, ctx) -> {
      clock.advance(Duration.ofMillis(100));
      throw new IllegalStateException("never");
    }).build();

    docket.enqueue(OK, 1);
    clock.advance(Duration.ofSeconds(4));
    assertThat(w.runDue()).isEqualTo(1); // waited 4 s, ran 2 s
    docket.enqueue(OK, 2, EnqueueOptions.builder().delay(Duration.ofSeconds(10)).build());
    clock.advance(Duration.ofSeconds(13));
    assertThat(w.runDue()).isEqualTo(1); // due after 10 s, started after 13: waited 3 s
    docket.enqueue(FLAKY, 3);
    assertThat(w.runDue()).isEqualTo(1); // fails after 0.5 s, retried in 10 s
    clock.advance(Duration.ofSeconds(10));
    assertThat(w.runDue()).isEqualTo(1); // succeeds after 1 s
    docket.enqueue(DOOMED, 4);
    assertThat(w.runDue()).isEqualTo(1); // dead after 0.1 s

    Timer okRuns = timer("docket.job.duration", "ok", "success");
    assertThat(okRuns.count()).isEqualTo(2);
    assertThat(seconds(okRuns)).isEqualTo(4.0);
    assertThat(okRuns.max(TimeUnit.SECONDS)).isEqualTo(2.0);
    Timer okWait = timer("docket.job.wait", "ok");
    assertThat(okWait.count()).isEqualTo(2);
    assertThat(seconds(okWait)).isEqualTo(7.0);
    assertThat(okWait.max(TimeUnit.SECONDS)).isEqualTo(4.0);
    assertThat(timer("docket.job.duration", "flaky", "retry").count()).isEqualTo(1);
    assertThat(seconds(timer("docket.job.duration", "flaky", "retry"))).isEqualTo(0.5);
    assertThat(seconds(timer("docket.job.duration", "flaky", "success"))).isEqualTo(1.0);
    // Only the first attempt's wait is measured.
    assertThat(timer("docket.job.wait", "flaky").count()).isEqualTo(1);
    assertThat(seconds(timer("docket.job.wait", "flaky"))).isZero();
    assertThat(timer("docket.job.duration", "doomed", "dead").count()).isEqualTo(1);
    assertThat(seconds(timer("docket.job.duration", "doomed", "dead"))).isEqualTo(0.1);
    assertThat(registry.find("docket.job.duration").tag("outcome", "failure").timers())
        .isEmpty();

    assertThat(count("docket.jobs.enqueued", "ok")).isEqualTo(2);
    assertThat(count("docket.jobs.enqueued", "flaky")).isEqualTo(1);
    assertThat(count("docket.jobs.started", "ok")).isEqualTo(2);
    assertThat(count("docket.jobs.started", "flaky")).isEqualTo(2);
    assertThat(count("docket.jobs.succeeded", "ok")).isEqualTo(2);
    assertThat(count("docket.jobs.succeeded", "flaky")).isEqualTo(1);
    assertThat(count("docket.jobs.failed", "flaky")).isEqualTo(1);
    assertThat(count("docket.jobs.failed", "doomed")).isEqualTo(1);
    assertThat(count("docket.jobs.retried", "flaky")).isEqualTo(1);
    assertThat(count("docket.jobs.dead", "doomed")).isEqualTo(1);
    assertThat(registry.find("docket.jobs.retried").tag("task", "doomed").counter()).isNull();
  }

  @Test
  void jobTimers_publishPercentiles() {
    metrics.bindTo(registry);
    Worker w = docket.worker().handle(OK, (n, ctx) -> {
      clock.advance(Duration.ofMillis(10L * n));
      return n;
    }).build();
    for (int i = 1; i <= 100; i++) {
      docket.enqueue(OK, i);
    }
    assertThat(w.runDue()).isEqualTo(100);

    var snapshot = timer("docket.job.duration", "ok", "success").takeSnapshot();
    assertThat(snapshot.count()).isEqualTo(100);
    assertThat(snapshot.percentileValues()).extracting(v -> v.percentile())
        .containsExactly(0.5, 0.95, 0.99);
    // 10 ms .. 1 s in steps of 10 ms; the percentiles are approximations (bucketed).
    assertThat(snapshot.percentileValues()[0].value(TimeUnit.MILLISECONDS))
        .isCloseTo(500, within(50.0));
    assertThat(snapshot.percentileValues()[2].value(TimeUnit.MILLISECONDS))
        .isCloseTo(990, within(100.0));
    // Histogram buckets are what Prometheus reads; DocketMetricsRedisTest checks the scrape.
  }

  @Test
  void onPrometheus_noClientPercentilesByDefault_butWhenAsked() {
    var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.bindTo(prometheus);
    try (DocketMetrics asked = DocketMetrics.builder().pollInterval(Duration.ZERO)
        .percentiles(List.of(0.5)).build()) {
      var prometheus2 = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      asked.bindTo(prometheus2);
      Docket other = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock)
          .interceptor(asked).build();
      try (other) {
        Worker w1 = docket.worker().handle(OK, (n, ctx) -> n).build();
        Worker w2 = other.worker().handle(OK, (n, ctx) -> n).build();
        docket.enqueue(OK, 1);
        other.enqueue(OK, 1);
        assertThat(w1.runDue() + w2.runDue()).isEqualTo(2);
      }
      var byDefault = prometheus.get("docket.job.duration").timer().takeSnapshot();
      assertThat(byDefault.count()).isEqualTo(1);
      assertThat(byDefault.percentileValues()).isEmpty();
      assertThat(byDefault.histogramCounts()).isNotEmpty(); // what Prometheus reads
      assertThat(prometheus2.get("docket.job.duration").timer().takeSnapshot()
          .percentileValues()).extracting(v -> v.percentile()).containsExactly(0.5);
    }
    assertThat(JobMeters.quantilesFromBuckets(registry)).isFalse();
    var composite = new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    composite.add(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    assertThat(JobMeters.quantilesFromBuckets(composite)).isTrue();
    composite.add(new SimpleMeterRegistry());
    assertThat(JobMeters.quantilesFromBuckets(composite)).isFalse();
  }

  @Test
  void queueGauges_readTheLastPoll_andAScrapeNeverCallsTheBroker() throws Exception {
    metrics.bindTo(registry);
    metrics.monitorQueues(docket, "default", "ghost");
    assertThat(registry.get("docket.queue.ready").tag("queue", "default").gauge().value())
        .isNaN();
    Worker w = docket.worker().handle(DOOMED, (n, ctx) -> {
      throw new IllegalStateException("never");
    }).build();
    docket.enqueue(DOOMED, 1);
    w.runDue(); // one dead job
    docket.enqueue(OK, 2);
    clock.advance(Duration.ofSeconds(30));
    docket.enqueue(OK, 3);
    docket.enqueue(OK, 4, EnqueueOptions.builder().delay(Duration.ofHours(1)).build());
    // Leases the oldest ready job (OK 2): in flight.
    assertThat(broker.fetch(new FetchRequest(List.of("default"), 1, Duration.ofMinutes(5),
        Duration.ZERO))).hasSize(1);
    clock.advance(Duration.ofSeconds(5));

    int before = broker.stats.get();
    metrics.refresh();
    assertThat(broker.stats.get() - before).isEqualTo(2); // one call per queue

    for (int scrape = 0; scrape < 10; scrape++) {
      assertThat(gauge("docket.queue.ready", "default")).isEqualTo(1);
      assertThat(gauge("docket.queue.delayed", "default")).isEqualTo(1);
      assertThat(gauge("docket.queue.in.flight", "default")).isEqualTo(1);
      assertThat(gauge("docket.queue.dead", "default")).isEqualTo(1);
      assertThat(registry.get("docket.queue.oldest.ready.age").tag("queue", "default")
          .timeGauge().value(TimeUnit.SECONDS)).isEqualTo(5.0);
      assertThat(gauge("docket.queue.ready", "ghost")).isZero();
    }
    assertThat(broker.stats.get() - before).isEqualTo(2);
    // Watching a queue does not declare it.
    assertThat(broker.declared).doesNotContain("ghost");

    // Health from the same cached figures: no broker call either.
    HealthReport health = metrics.health(new HealthThresholds(10, Duration.ofSeconds(4), 0));
    assertThat(broker.stats.get() - before).isEqualTo(2);
    assertThat(health.healthy()).isFalse();
    assertThat(health.queues()).extracting(h -> h.stats().queue())
        .containsExactly("default", "ghost");
    assertThat(health.problems()).containsExactly(
        "queue 'default': the oldest ready job has waited PT5S, above the limit of PT4S",
        "queue 'default' has 1 dead jobs, above the limit of 0");
    assertThat(metrics.health(new HealthThresholds(10, Duration.ofSeconds(5), 1)).healthy())
        .isTrue();
  }

  @Test
  void docketHealth_readsStatsWithoutDeclaringTheQueue() {
    HealthReport report = docket.health(HealthThresholds.defaults(), "never-declared");

    assertThat(report.healthy()).isTrue();
    assertThat(report.queues()).singleElement()
        .satisfies(h -> assertThat(h.stats().total()).isZero());
    assertThat(broker.declared).doesNotContain("never-declared");
  }

  private double gauge(String name, String queue) {
    return registry.get(name).tag("queue", queue).gauge().value();
  }

  @Test
  void poller_refreshesOnItsInterval() {
    Docket real = Docket.builder().broker(InMemoryBroker.create(TimeSource.system()))
        .build();
    try (DocketMetrics polled = DocketMetrics.builder().pollInterval(Duration.ofMillis(20))
        .build()) {
      polled.bindTo(registry);
      polled.monitorQueues(real, "default");
      real.enqueue(OK, 1);
      real.enqueue(OK, 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge("docket.queue.ready",
          "default") == 2);
    } finally {
      real.close();
    }
  }

  @Test
  void workerGauges_showConcurrencyBusySlotsAndUtilization() throws Exception {
    Docket real = Docket.builder().broker(InMemoryBroker.create(TimeSource.system()))
        .build();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try (Worker w = real.worker().workerId("w-1").concurrency(4).handle(OK, (n, ctx) -> {
      running.countDown();
      gate.await();
      return n;
    }).start()) {
      metrics.monitorWorker(w);
      metrics.bindTo(registry);
      assertThat(registry.get("docket.worker.concurrency").tag("worker", "w-1").gauge().value())
          .isEqualTo(4);
      real.enqueue(OK, 1);
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(registry.get("docket.worker.busy").tag("worker", "w-1").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("docket.worker.utilization").tag("worker", "w-1").gauge()
          .value()).isEqualTo(0.25);
      assertThat(registry.get("docket.worker.stuck").tag("worker", "w-1").gauge().value())
          .isZero();
      assertThat(metrics.health(HealthThresholds.defaults()).stuckHandlers()).isZero();
      gate.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("docket.worker.busy")
          .tag("worker", "w-1").gauge().value() == 0);
    } finally {
      real.close();
    }
  }

  private double workerCount(String name, String worker) {
    return registry.get(name).tag("worker", worker).functionCounter().count();
  }

  @Test
  void workerFetchMeters_countEveryFetchWithItsRoundTripOnTheDocketClock() {
    metrics.bindTo(registry);
    Worker w = docket.worker().workerId("w-f").handle(OK, (n, ctx) -> n).build();
    metrics.monitorWorker(w);
    broker.fetchCost = Duration.ofMillis(3);
    docket.enqueue(OK, 1);
    docket.enqueue(OK, 2);
    assertThat(w.runDue()).isEqualTo(2); // three fetches: a job, a job, none
    broker.failFetches.set(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(w::runDue)
        .isInstanceOf(BrokerUnavailableException.class);

    WorkerStats stats = w.stats();
    assertThat(stats.fetches()).isEqualTo(4);
    assertThat(stats.fetchFailures()).isEqualTo(1);
    var fetch = registry.get("docket.worker.fetch").tag("worker", "w-f").functionTimer();
    assertThat(fetch.count()).isEqualTo(4);
    // The monotonic clock: 4 x 3 ms of advances, plus the real time the calls took.
    assertThat(fetch.totalTime(TimeUnit.MILLISECONDS)).isBetween(12.0, 2_012.0);
    assertThat(stats.fetchTime().toNanos()).isGreaterThanOrEqualTo(12_000_000L);
    assertThat(workerCount("docket.worker.fetch.failures", "w-f")).isEqualTo(1);
    assertThat(workerCount("docket.worker.lease.extensions", "w-f")).isZero();
    assertThat(workerCount("docket.worker.lease.extension.failures", "w-f")).isZero();
  }

  @Test
  void workerLeaseMeters_countExtensionsAndFailuresPerJobAndRound() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(2);
    // Lease 4 s: the keeper runs every 1 s of the manual clock, and only when it is advanced.
    Worker w = docket.worker().workerId("w-l").concurrency(2).lease(Duration.ofSeconds(4))
        .handle(OK, (n, ctx) -> {
          running.countDown();
          gate.await();
          return n;
        }).build();
    metrics.monitorWorker(w);
    metrics.bindTo(registry);
    w.start();
    try {
      docket.enqueue(OK, 1);
      docket.enqueue(OK, 2);
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(1)); // round 1: both leases extended
      await().atMost(Duration.ofSeconds(10)).until(() -> w.stats().leaseExtensions() == 2);
      broker.extend = "lost";
      clock.advance(Duration.ofSeconds(1)); // round 2: the broker refuses both
      await().atMost(Duration.ofSeconds(10))
          .until(() -> w.stats().leaseExtensionFailures() == 2);
      broker.extend = "down";
      clock.advance(Duration.ofSeconds(1)); // round 3: the call fails, both count
      await().atMost(Duration.ofSeconds(10))
          .until(() -> w.stats().leaseExtensionFailures() == 4);

      assertThat(workerCount("docket.worker.lease.extensions", "w-l")).isEqualTo(2);
      assertThat(workerCount("docket.worker.lease.extension.failures", "w-l")).isEqualTo(4);
      assertThat(w.stats().leaseExtensions()).isEqualTo(2);
    } finally {
      broker.extend = "ok";
      gate.countDown();
      w.shutdown(Duration.ofSeconds(10));
    }
  }

  @Test
  void beforeBinding_nothingIsRecorded_andBindingTwiceElsewhereFails() {
    Worker w = docket.worker().handle(OK, (n, ctx) -> n).build();
    docket.enqueue(OK, 1);
    w.runDue();
    metrics.bindTo(registry);

    assertThat(registry.getMeters()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> metrics.bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Composite");
  }
}
