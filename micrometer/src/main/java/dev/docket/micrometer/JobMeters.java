package dev.docket.micrometer;

import dev.docket.JobEvent;
import dev.docket.JobInvocation;
import dev.docket.JobOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The per-job meters: two timers and seven counters, cached per (task, queue) pair so a job
 * costs two map reads and no allocation, not a registry lookup. Counters are separate meters rather than one with an outcome
 * tag because the counts overlap (every retried or dead-lettered run was also a failed one, and
 * a job that never ran can be dead), so a sum across such a tag would mean nothing; the run
 * outcomes, which do not overlap, are the {@code outcome} tag of {@code docket.job.duration}.
 */
final class JobMeters {
  static final String DURATION = "docket.job.duration";
  static final String WAIT = "docket.job.wait";

  private static final Map<String, String> COUNTS = Map.of(
      "docket.jobs.enqueued", "jobs stored on the broker by this client",
      "docket.jobs.started", "attempts started (a retry is a new attempt)",
      "docket.jobs.succeeded", "attempts that returned; the job was acked",
      "docket.jobs.failed", "attempts that threw or timed out (each then retried or dead)",
      "docket.jobs.retried", "failed attempts released to run again after a backoff",
      "docket.jobs.dead", "jobs moved to the dead-letter queue, whether they ran or not",
      "docket.jobs.stuck", "handlers that ignored the interrupt at their timeout");

  /** Counter names in the order of {@link #index(JobEvent)}. */
  private static final String[] COUNTER_NAMES = {
    "docket.jobs.enqueued", "docket.jobs.started", "docket.jobs.succeeded", "docket.jobs.failed",
    "docket.jobs.retried", "docket.jobs.dead", "docket.jobs.stuck"
  };

  /** The percentiles asked for, or null for the default chosen per registry at binding. */
  private final double @Nullable [] asked;
  private volatile double[] percentiles = new double[0];
  private final boolean histogram;
  private volatile @Nullable MeterRegistry registry;
  /**
   * Queue, then task, to the meters of that pair. Two lookups of strings whose hashes are cached,
   * and no key object: a job's meters cost no allocation once its pair has been seen (the
   * overhead bench, {@code bench/overhead.sh}, measured the record-key version).
   */
  private final Map<String, Map<String, PairMeters>> pairs = new ConcurrentHashMap<>();
  /**
   * The pair found last, tried before the maps: a worker's jobs mostly come in runs of one task
   * on one queue, whose strings are the same objects job after job, so the check is two
   * {@code String.equals} that find the same reference. Racy on purpose: any pair it holds is a
   * right one for its strings.
   */
  private @Nullable PairMeters last;

  /**
   * The meters of one (task, queue) pair, each created on first use: a timer or counter that
   * never fires is never registered (no {@code outcome="failure"} series without a failure).
   */
  private final class PairMeters {
    private final String task;
    private final String queue;
    private volatile @Nullable Timer wait;
    private final @Nullable Timer[] durations = new Timer[4];
    private final @Nullable Counter[] counters = new Counter[COUNTER_NAMES.length];

    PairMeters(String task, String queue) {
      this.task = task;
      this.queue = queue;
    }

    Timer wait(MeterRegistry r) {
      Timer t = wait;
      if (t == null) {
        t = register(r, WAIT, task, queue, null);
        wait = t;
      }
      return t;
    }

    Timer duration(MeterRegistry r, JobOutcome.Kind kind) {
      // Racy publication is fine: register returns the one meter of that id every time.
      int i = index(kind);
      Timer t = durations[i];
      if (t == null) {
        t = register(r, DURATION, task, queue, kind.tag());
        durations[i] = t;
      }
      return t;
    }

    Counter counter(MeterRegistry r, int index) {
      Counter c = counters[index];
      if (c == null) {
        String name = COUNTER_NAMES[index];
        c = Counter.builder(name).tag("task", task).tag("queue", queue)
            .description(COUNTS.get(name)).register(r);
        counters[index] = c;
      }
      return c;
    }
  }

  JobMeters(@Nullable List<Double> percentiles, boolean histogram) {
    this.asked = percentiles == null ? null
        : percentiles.stream().mapToDouble(Double::doubleValue).toArray();
    this.histogram = histogram;
  }

  void bindTo(MeterRegistry registry) {
    double[] p = asked;
    if (p == null) {
      p = histogram && quantilesFromBuckets(registry) ? new double[0]
          : DocketMetrics.DEFAULT_PERCENTILES.stream().mapToDouble(Double::doubleValue)
              .toArray();
    }
    this.percentiles = p;
    this.registry = registry;
  }

  /**
   * Whether {@code registry} exports timers as histogram buckets and drops client-side
   * percentiles: Prometheus's registries (a composite when all its registries are). There the
   * percentile structures would be updated on every record (one per time-window buffer, per
   * timer) and never read; Prometheus computes p50/p95/p99 from the buckets.
   */
  static boolean quantilesFromBuckets(MeterRegistry registry) {
    if (registry instanceof CompositeMeterRegistry c) {
      return !c.getRegistries().isEmpty()
          && c.getRegistries().stream().allMatch(JobMeters::quantilesFromBuckets);
    }
    // By name: the module does not depend on a Prometheus registry.
    String name = registry.getClass().getName();
    return name.startsWith("io.micrometer.prometheusmetrics.")
        || name.startsWith("io.micrometer.prometheus.");
  }

  private PairMeters pair(String task, String queue) {
    PairMeters l = last;
    if (l != null && l.task.equals(task) && l.queue.equals(queue)) {
      return l;
    }
    PairMeters m = lookUp(task, queue);
    last = m;
    return m;
  }

  private PairMeters lookUp(String task, String queue) {
    Map<String, PairMeters> byTask = pairs.get(queue);
    if (byTask == null) {
      byTask = pairs.computeIfAbsent(queue, q -> new ConcurrentHashMap<>());
    }
    PairMeters m = byTask.get(task);
    if (m == null) {
      m = byTask.computeIfAbsent(task, t -> new PairMeters(t, queue));
    }
    return m;
  }

  /**
   * Records the run's duration by outcome and, for a first attempt, its wait from its due time
   * (eta, or creation) to its start. Retries' waits are left out: the broker does not record
   * when a released job became due again, and their wait from the first due time would count
   * the earlier runs and the backoff.
   */
  void finished(JobInvocation job, JobOutcome outcome) {
    MeterRegistry r = registry;
    if (r == null) {
      return; // not bound yet: meters go nowhere
    }
    PairMeters m = pair(job.task(), job.queue());
    if (job.attempt() == 1) {
      Instant due = job.dueAt();
      Instant started = job.startedAt();
      long nanos = (started.getEpochSecond() - due.getEpochSecond()) * 1_000_000_000L
          + (started.getNano() - due.getNano());
      m.wait(r).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
    m.duration(r, outcome.kind()).record(outcome.duration().toNanos(), TimeUnit.NANOSECONDS);
  }

  void count(JobEvent event) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    pair(event.task(), event.queue()).counter(r, index(event)).increment();
  }

  private static int index(JobOutcome.Kind kind) {
    return switch (kind) {
      case SUCCESS -> 0;
      case RETRY -> 1;
      case DEAD -> 2;
      case FAILURE -> 3;
    };
  }

  /**
   * Type tests in the order of how often events come, not a pattern switch: a switch over the
   * sealed type runs through {@code SwitchBootstraps.typeSwitch}, which showed in the on path's
   * profile (issue 13).
   */
  private static int index(JobEvent event) {
    if (event instanceof JobEvent.Started) {
      return 1;
    }
    if (event instanceof JobEvent.Succeeded) {
      return 2;
    }
    if (event instanceof JobEvent.Enqueued) {
      return 0;
    }
    if (event instanceof JobEvent.Failed) {
      return 3;
    }
    if (event instanceof JobEvent.Retried) {
      return 4;
    }
    if (event instanceof JobEvent.DeadLettered) {
      return 5;
    }
    if (event instanceof JobEvent.HandlerStuck) {
      return 6;
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  private Timer register(MeterRegistry r, String name, String task, String queue,
      @Nullable String outcome) {
    Timer.Builder b = Timer.builder(name).tag("task", task).tag("queue", queue)
        .description(name.equals(DURATION) ? "how long handlers ran, by outcome"
            : "how long first attempts waited from their due time to their start")
        .publishPercentiles(percentiles).publishPercentileHistogram(histogram);
    if (outcome != null) {
      b.tag("outcome", outcome);
    }
    return b.register(r);
  }
}
