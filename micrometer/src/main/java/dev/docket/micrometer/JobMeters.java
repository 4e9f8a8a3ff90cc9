package dev.docket.micrometer;

import dev.docket.JobEvent;
import dev.docket.JobInvocation;
import dev.docket.JobOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The per-job meters: two timers and six counters, each cached per tag set so a job costs a map
 * lookup, not a registry lookup. Counters are separate meters rather than one with an outcome
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

  private final double[] percentiles;
  private final boolean histogram;
  private volatile @Nullable MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  /** A meter's name and tags; {@code outcome} is empty for meters without that tag. */
  private record Key(String name, String task, String queue, String outcome) {}

  JobMeters(List<Double> percentiles, boolean histogram) {
    this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
    this.histogram = histogram;
  }

  void bindTo(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The wait of a first attempt, from its due time (eta, or creation) to its start. Retries are
   * left out: the broker does not record when a released job became due again, and their wait
   * from the first due time would count the earlier runs and the backoff.
   */
  private void waited(JobInvocation job) {
    if (job.attempt() != 1) {
      return;
    }
    Duration wait = Duration.between(job.dueAt(), job.startedAt());
    Timer t = timer(new Key(WAIT, job.task(), job.queue(), ""));
    if (t != null) {
      t.record(wait.isNegative() ? Duration.ZERO : wait);
    }
  }

  void finished(JobInvocation job, JobOutcome outcome) {
    waited(job);
    Timer t = timer(new Key(DURATION, job.task(), job.queue(), outcome.kind().tag()));
    if (t != null) {
      t.record(outcome.duration());
    }
  }

  void count(JobEvent event) {
    String name = switch (event) {
      case JobEvent.Enqueued e -> "docket.jobs.enqueued";
      case JobEvent.Started e -> "docket.jobs.started";
      case JobEvent.Succeeded e -> "docket.jobs.succeeded";
      case JobEvent.Failed e -> "docket.jobs.failed";
      case JobEvent.Retried e -> "docket.jobs.retried";
      case JobEvent.DeadLettered e -> "docket.jobs.dead";
      case JobEvent.HandlerStuck e -> "docket.jobs.stuck";
    };
    Counter c = counter(new Key(name, event.task(), event.queue(), ""));
    if (c != null) {
      c.increment();
    }
  }

  /** The timer of {@code key}; null before binding, when meters go nowhere. */
  private @Nullable Timer timer(Key key) {
    MeterRegistry r = registry;
    if (r == null) {
      return null;
    }
    return timers.computeIfAbsent(key, k -> {
      Timer.Builder b = Timer.builder(k.name()).tag("task", k.task()).tag("queue", k.queue())
          .description(k.name().equals(DURATION) ? "how long handlers ran, by outcome"
              : "how long first attempts waited from their due time to their start")
          .publishPercentiles(percentiles).publishPercentileHistogram(histogram);
      if (!k.outcome().isEmpty()) {
        b.tag("outcome", k.outcome());
      }
      return b.register(r);
    });
  }

  private @Nullable Counter counter(Key key) {
    MeterRegistry r = registry;
    if (r == null) {
      return null;
    }
    return counters.computeIfAbsent(key, k -> Counter.builder(k.name()).tag("task", k.task())
        .tag("queue", k.queue()).description(COUNTS.get(k.name())).register(r));
  }
}
