package dev.docket.demo;

import dev.docket.Docket;
import dev.docket.DocketException;
import dev.docket.FailureReason;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.QueueStats;
import dev.docket.demo.DemoScenario.Outcome;
import dev.docket.demo.StateTracker.JobView;
import dev.docket.micrometer.DocketMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The Docket demo, a command-line program: runs {@link DemoScenario} on the broker named by
 * {@code DOCKET_BROKER_URI} ({@code memory://} when unset) and prints what happened. Exits 0 when
 * every job ended as expected, 1 when one did not or the run timed out, 2 when the broker could
 * not be used.
 */
public final class Demo {

  private Demo() {}

  /** Runs the demo; arguments are ignored. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(System.getenv(Docket.ENV_BROKER_URI), System.getenv(Docket.ENV_STORE_URI),
        System.out, System.err));
  }

  /**
   * Runs the demo on broker {@code brokerUri} ({@code memory://} when null or blank; {@value
   * EmbeddedSqs#URI} starts ElasticMQ in this JVM) with state store {@code storeUri} (for a
   * Redis broker, the same Redis when null; for the others none, and the workflow part says so).
   */
  static int run(@Nullable String brokerUri, @Nullable String storeUri, PrintStream out,
      PrintStream err) throws InterruptedException {
    return run(brokerUri, storeUri, out, err, Hook.NONE);
  }

  /** What runs alongside the demo on its client (the dashboard: {@link DemoDashboard}). */
  interface Hook {
    Hook NONE = new Hook() {};

    /** The client is up; {@code prefix} starts this run's queue names. */
    default void started(Docket docket, String prefix) {}

    /** The demo is over and the client is still open. */
    default void finished(Docket docket) throws InterruptedException {}
  }

  /** Like {@link #run(String, String, PrintStream, PrintStream)}, with a hook. */
  static int run(@Nullable String brokerUri, @Nullable String storeUri, PrintStream out,
      PrintStream err, Hook hook) throws InterruptedException {
    String uri = brokerUri == null || brokerUri.isBlank() ? "memory://" : brokerUri.strip();
    // A real broker is shared with other runs: give this run's queues their own names.
    String prefix = uri.startsWith("memory:") ? ""
        : "demo-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    try (EmbeddedSqs sqs = EmbeddedSqs.startIfAsked(uri, out)) {
      return run(sqs == null ? uri : sqs.brokerUri(), store(uri, storeUri, prefix), prefix, out,
          err, hook);
    } catch (RuntimeException e) {
      err.println("The demo could not start ElasticMQ: " + e.getMessage());
      return 2;
    }
  }

  /** Every queue a run whose queue names start with {@code prefix} uses (for cleaning up). */
  static List<String> queues(String prefix) {
    List<String> all = new ArrayList<>(DemoScenario.Settings.defaults(prefix).queues().all());
    all.add(WorkflowScenario.queue(prefix));
    return all;
  }

  /** The store the workflows use: the one asked for, else the broker's own Redis, else none. */
  private static @Nullable String store(String uri, @Nullable String storeUri, String prefix) {
    if (storeUri != null && !storeUri.isBlank()) {
      return storeUri.strip();
    }
    if (uri.startsWith("redis:") || uri.startsWith("rediss:")) {
      // The broker's own options (leases, timeouts) are not store options: keep only cluster.
      int query = uri.indexOf('?');
      String base = query < 0 ? uri : uri.substring(0, query);
      String cluster = query >= 0 && uri.substring(query).contains("cluster=true")
          ? "&cluster=true" : "";
      return base + "?keyPrefix=" + prefix + "state" + cluster;
    }
    return null;
  }

  private static int run(String uri, @Nullable String storeUri, String prefix, PrintStream out,
      PrintStream err, Hook hook) throws InterruptedException {
    StateTracker tracker = new StateTracker();
    // Metrics as an application would wire them: a real registry, the binder as interceptor and
    // listener; the table below reads only the registry.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DocketMetrics metrics = DocketMetrics.builder().pollInterval(Duration.ZERO).build();
    metrics.bindTo(registry);
    Docket.Builder builder = Docket.builder().uri(uri).listener(tracker).listener(metrics)
        .interceptor(metrics);
    if (storeUri != null) {
      builder.storeUri(storeUri);
    }
    try (Docket docket = builder.build(); metrics) {
      out.println("Docket demo on " + docket);
      hook.started(docket, prefix);
      DemoScenario.Settings settings = DemoScenario.Settings.defaults(prefix);
      DemoScenario scenario = new DemoScenario(docket, tracker, settings,
          line -> out.println("  " + line));
      Outcome outcome = scenario.run();
      new DemoReport(outcome, tracker).print(out);
      new MetricsTable(registry).print(out, outcome.elapsed(), settings.concurrency());
      // Checked before the workflows run: their jobs are tracked too.
      List<String> problems = new ArrayList<>(problems(outcome, tracker));
      String workflows = workflows(docket, prefix, out, problems);
      if (!problems.isEmpty()) {
        err.println("The demo did not end as expected:");
        problems.forEach(p -> err.println("  - " + p));
        hook.finished(docket);
        return 1;
      }
      out.println();
      out.println("Demo finished as expected: " + outcome.jobIds().size() + " jobs, 1 in the"
          + " dead-letter queue, in " + DemoScenario.seconds(outcome.elapsed()) + "; "
          + workflows + ".");
      hook.finished(docket);
      return 0;
    } catch (TimeoutException e) {
      err.println("The demo timed out: " + e.getMessage());
      err.println("Is a worker able to reach the broker at " + uri + "?");
      return 1;
    } catch (DocketException e) {
      // Bad URI, missing broker module, unreachable server: the message says what to do.
      err.println("The demo could not run on " + uri + ": " + e.getMessage());
      return 2;
    }
  }

  /** Runs the workflow part; returns its one-line summary and adds what went wrong. */
  private static String workflows(Docket docket, String prefix, PrintStream out,
      List<String> problems) throws InterruptedException, TimeoutException {
    out.println();
    out.println("Workflows: a chain, a chord and a cron job");
    if (docket.store().isEmpty()) {
      out.println("  skipped: they need a state store shared by all workers; set "
          + Docket.ENV_STORE_URI + " (e.g. redis://localhost:6379)");
      return "workflows skipped (no state store)";
    }
    WorkflowScenario.Outcome w = new WorkflowScenario(docket, prefix, Duration.ofSeconds(10),
        line -> out.println("  " + line)).run();
    problems.addAll(WorkflowScenario.problems(w));
    return "a chain, a chord and " + w.ticks().size() + " cron ticks, each once";
  }

  /** What differs from the expected end state; empty when the run went as designed. */
  static List<String> problems(Outcome o, StateTracker tracker) {
    List<String> problems = new ArrayList<>(tracker.anomalies());
    Map<JobState, Integer> states = tracker.countByState();
    int total = states.values().stream().mapToInt(Integer::intValue).sum();
    if (total != o.jobIds().size()) {
      problems.add("tracked " + total + " jobs, enqueued " + o.jobIds().size());
    }
    if (states.get(JobState.SUCCESS) != o.jobIds().size() - 1
        || states.get(JobState.FAILURE) != 1) {
      problems.add("expected " + (o.jobIds().size() - 1) + " SUCCESS and 1 FAILURE, got "
          + states);
    }
    JobView flaky = job(tracker, o.flaky());
    if (flaky == null || flaky.state() != JobState.SUCCESS || flaky.attempts() != 2) {
      problems.add("the inventory sync should succeed on attempt 2: " + flaky);
    }
    boolean failingIsDead = o.deadJobs().size() == 1
        && o.deadJobs().get(0).id().equals(o.failing())
        && o.deadJobs().get(0).failure().reason() == FailureReason.RETRIES_EXHAUSTED
        && o.deadJobs().get(0).failure().attempts() == 3;
    if (!failingIsDead) {
      problems.add("the payment job should be the only dead letter, after 3 attempts: "
          + o.deadJobs());
    }
    for (QueueStats s : o.stats()) {
      if (s.total() != 0) {
        problems.add("queue '" + s.queue() + "' still holds jobs: " + s);
      }
    }
    long dead = o.stats().stream().mapToLong(QueueStats::dead).sum();
    if (dead != o.deadJobs().size()) {
      problems.add("stats count " + dead + " dead letters, the listing " + o.deadJobs().size());
    }
    return problems;
  }

  private static JobView job(StateTracker tracker, JobId id) {
    return tracker.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
  }
}
