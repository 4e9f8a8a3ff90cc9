package dev.docket.micrometer;

import dev.docket.Docket;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.JobEvent;
import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import dev.docket.JobListener;
import dev.docket.JobOutcome;
import dev.docket.Worker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Docket's meters for a Micrometer {@link MeterRegistry}: job timers and counters, queue gauges
 * from a cached poller, worker gauges. It is a {@link MeterBinder}, and also the {@link
 * JobInterceptor} and {@link JobListener} it measures through, so register it on the client:
 *
 * <pre>{@code
 * DocketMetrics metrics = DocketMetrics.builder().pollInterval(Duration.ofSeconds(15)).build();
 * Docket docket = Docket.builder().uri(uri).listener(metrics).interceptor(metrics).build();
 * metrics.bindTo(registry);
 * Worker worker = docket.worker().handle(...).start();
 * metrics.monitorQueues(docket, "default", "mail").monitorWorker(worker);
 * }</pre>
 *
 * <p>Meters (see {@code docs/observability.md}): timers {@code docket.job.duration} (tags task,
 * queue, outcome) and {@code docket.job.wait} (task, queue); counters {@code
 * docket.jobs.enqueued|started|succeeded|failed|retried|dead} (task, queue); gauges {@code
 * docket.queue.ready|delayed|in.flight|dead|oldest.ready.age} (queue) and {@code
 * docket.worker.concurrency|busy|utilization|stuck}, timer {@code docket.worker.fetch} and counters
 * {@code docket.worker.fetch.failures|lease.extensions|lease.extension.failures} (worker, from
 * {@link Worker#stats()}). {@link #health} checks the same
 * figures against {@code HealthThresholds} without a broker call.
 *
 * <p>Times come from Docket's clock (the client's {@link Docket.Builder#clock}), never from
 * {@code System.nanoTime()}, so tests on a {@link dev.docket.testing.ManualClock} see exact values. A
 * scrape never calls the broker: queue gauges read the last poll, which runs every {@link
 * Builder#pollInterval} on a daemon thread and reads {@code Broker.stats} without declaring a
 * queue. Thread-safe. Bind it to one registry (a {@code CompositeMeterRegistry} for several);
 * events before {@link #bindTo} are not counted. {@link #close()} stops the poller.
 *
 * @since 0.3
 */
public final class DocketMetrics implements MeterBinder, JobInterceptor, JobListener,
    AutoCloseable {

  /** How often queue gauges are refreshed from the broker by default: 15 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);

  /**
   * Percentiles the job timers publish by default: p50, p95, p99, computed in the client on
   * registries that report client-side percentiles (Simple, JMX, Datadog...). On Prometheus's
   * registry, which exports the histogram buckets and drops client-side percentiles, none are
   * computed by default (Prometheus derives them from the buckets); see {@link
   * Builder#percentiles}.
   */
  public static final List<Double> DEFAULT_PERCENTILES = List.of(0.5, 0.95, 0.99);

  private final JobMeters jobs;
  private final QueuePoller poller;
  private final List<Worker> workers = new ArrayList<>();
  private @Nullable MeterRegistry registry;

  private DocketMetrics(Builder b) {
    this.jobs = new JobMeters(b.percentiles, b.histogram);
    this.poller = new QueuePoller(b.pollInterval);
  }

  /** Metrics with the defaults. */
  public static DocketMetrics defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers every meter with {@code registry}: the job meters as jobs come, the gauges of the
   * queues and workers monitored so far and later. Call once.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (this.registry != null && this.registry != registry) {
      throw new IllegalStateException("DocketMetrics is bound to a registry already; bind it"
          + " to a CompositeMeterRegistry to publish to several");
    }
    this.registry = registry;
    jobs.bindTo(registry);
    poller.bindTo(registry);
    workers.forEach(w -> registerWorker(registry, w));
  }

  /**
   * Adds gauges for {@code queues} of {@code docket}'s broker, refreshed by the poller (started
   * on the first call when the poll interval is positive). The queues are not declared.
   */
  public DocketMetrics monitorQueues(Docket docket, String... queues) {
    Objects.requireNonNull(docket, "docket");
    for (String q : queues) {
      poller.add(docket, Objects.requireNonNull(q, "queue"));
    }
    return this;
  }

  /**
   * Adds meters for {@code worker}: concurrency, busy slots, utilization, stuck handlers, fetch
   * round trips and failures, lease extensions and their failures.
   */
  public synchronized DocketMetrics monitorWorker(Worker worker) {
    Objects.requireNonNull(worker, "worker");
    workers.add(worker);
    if (registry != null) {
      registerWorker(registry, worker);
    }
    return this;
  }

  private static void registerWorker(MeterRegistry registry, Worker w) {
    Gauge.builder("docket.worker.concurrency", w, Worker::concurrency).strongReference(true)
        .tag("worker", w.workerId()).description("jobs the worker runs at once at most")
        .register(registry);
    Gauge.builder("docket.worker.busy", w, Worker::inFlight).strongReference(true)
        .tag("worker", w.workerId()).description("jobs the worker holds now (running or"
            + " being acknowledged)").register(registry);
    Gauge.builder("docket.worker.utilization", w, x -> (double) x.inFlight() / x.concurrency())
        .strongReference(true).tag("worker", w.workerId())
        .description("busy slots over concurrency, 0 to 1").register(registry);
    Gauge.builder("docket.worker.stuck", w, Worker::stuckHandlers).strongReference(true)
        .tag("worker", w.workerId()).description("handlers past their timeout that ignored"
            + " the interrupt and still hold their slot").register(registry);
    // Function meters read the worker's cumulative stats at scrape time: nothing per job or
    // per fetch here. They hold the worker weakly; the workers list keeps it.
    FunctionTimer.builder("docket.worker.fetch", w, x -> x.stats().fetches(),
        x -> x.stats().fetchTime().toNanos(), TimeUnit.NANOSECONDS).tag("worker", w.workerId())
        .description("fetch calls to the broker and their round-trip time (a blocking fetch"
            + " on an idle queue includes its wait)").register(registry);
    FunctionCounter.builder("docket.worker.fetch.failures", w, x -> x.stats().fetchFailures())
        .tag("worker", w.workerId()).description("fetch calls that failed")
        .register(registry);
    FunctionCounter.builder("docket.worker.lease.extensions", w,
        x -> x.stats().leaseExtensions()).tag("worker", w.workerId())
        .description("job leases extended while their jobs ran").register(registry);
    FunctionCounter.builder("docket.worker.lease.extension.failures", w,
        x -> x.stats().leaseExtensionFailures()).tag("worker", w.workerId())
        .description("job leases not extended: lost, or the call failed").register(registry);
  }

  /**
   * Health from the figures the gauges show, without a broker call: each monitored queue's last
   * poll checked against {@code thresholds} (queues not polled yet are left out; the figures are
   * up to one poll interval old), plus every monitored worker's stuck handlers.
   *
   * @since 0.3
   */
  public HealthReport health(HealthThresholds thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    HealthReport queues = thresholds.check(poller.snapshot());
    List<String> problems = new ArrayList<>(queues.problems());
    int stuck = 0;
    List<Worker> ws;
    synchronized (this) {
      ws = List.copyOf(workers);
    }
    for (Worker w : ws) {
      int n = w.stuckHandlers();
      stuck += n;
      thresholds.checkStuck(w.workerId(), n, w.concurrency()).ifPresent(problems::add);
    }
    return new HealthReport(problems.isEmpty(), queues.queues(), problems, stuck);
  }

  /**
   * Polls every monitored queue now, on this thread (the poller does it every interval). For
   * tests, and with a poll interval of zero.
   */
  public void refresh() {
    poller.poll();
  }

  /**
   * Records the run in {@code docket.job.duration} with its outcome, and a first attempt's wait
   * in {@code docket.job.wait}. Both are recorded here, after the run, so that registering a
   * meter for a new task never counts in a handler's duration.
   */
  @Override
  public void onOutcome(JobInvocation job, JobOutcome outcome) {
    jobs.finished(job, outcome);
  }

  /** Counts the event. */
  @Override
  public void onEvent(JobEvent event) {
    jobs.count(event);
  }

  /** Stops the poller; the meters stay registered with their last values. */
  @Override
  public void close() {
    poller.close();
  }

  @Override
  public String toString() {
    return "DocketMetrics";
  }

  /** Builds {@link DocketMetrics}. */
  public static final class Builder {
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    /** Null: {@link #DEFAULT_PERCENTILES}, or none on a Prometheus registry. */
    private @Nullable List<Double> percentiles;
    private boolean histogram = true;

    private Builder() {}

    /**
     * How often the queue gauges are refreshed (default {@link #DEFAULT_POLL_INTERVAL}); each
     * poll costs one {@code stats} call per queue. {@link Duration#ZERO}: no poller thread, only
     * {@link DocketMetrics#refresh()}.
     */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (pollInterval.isNegative()) {
        throw new IllegalArgumentException("pollInterval must not be negative, was "
            + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Percentiles the job timers compute in the client; none for an empty list. By default
     * {@link #DEFAULT_PERCENTILES}, except on a Prometheus registry (or a composite of only
     * those) with histograms on: it exports buckets and drops client-side percentiles, so they
     * would cost every record and show nowhere. Set them to compute them there too.
     */
    public Builder percentiles(List<Double> percentiles) {
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("a percentile is between 0 and 1, was " + p);
        }
      }
      this.percentiles = List.copyOf(percentiles);
      return this;
    }

    /** Whether the job timers publish histogram buckets (default true, for Prometheus). */
    public Builder histogram(boolean histogram) {
      this.histogram = histogram;
      return this;
    }

    /** Builds. */
    public DocketMetrics build() {
      return new DocketMetrics(this);
    }
  }
}
