package dev.docket.demo;

import dev.docket.DeadJob;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.QueueStats;
import dev.docket.demo.DemoScenario.Outcome;
import dev.docket.demo.DemoScenario.PrioritisedJob;
import dev.docket.demo.StateTracker.JobView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prints a finished {@link Outcome} as sections of plain-text tables. */
final class DemoReport {
  private final Outcome outcome;
  private final Map<JobId, JobView> jobs;
  private final StateTracker tracker;

  DemoReport(Outcome outcome, StateTracker tracker) {
    this.outcome = outcome;
    this.tracker = tracker;
    this.jobs = tracker.jobs().stream()
        .collect(Collectors.toMap(JobView::id, Function.identity()));
  }

  void print(PrintStream out) {
    out.println();
    out.println("Priorities: reports in the order they ran (queue order first, then message priority)");
    TextTable order = new TextTable("ran", "queue", "priority", "report");
    List<PrioritisedJob> byStart = outcome.prioritised().stream()
        .sorted(Comparator.comparingInt(p -> jobs.get(p.id()).startOrder()))
        .toList();
    for (int i = 0; i < byStart.size(); i++) {
      PrioritisedJob p = byStart.get(i);
      order.row(i + 1, p.queue(), p.priority(), p.report());
    }
    out.print(order.render("  "));

    out.println();
    out.println("Delayed jobs");
    TextTable delayed = new TextTable("job", "task", "delay", "started after due");
    for (JobId id : outcome.delayed()) {
      JobView v = jobs.get(id);
      delayed.row(shortId(id), v.task(), DemoScenario.seconds(Duration.between(v.enqueuedAt(),
          v.dueAt())), millis(v.startLag()));
    }
    out.print(delayed.render("  "));

    out.println();
    out.println("Retries");
    TextTable retries = new TextTable("job", "task", "attempts", "state", "last error");
    for (JobId id : List.of(outcome.flaky(), outcome.failing())) {
      JobView v = jobs.get(id);
      retries.row(shortId(id), v.task(), v.attempts(), v.state(), v.lastError());
    }
    out.print(retries.render("  "));

    out.println();
    out.println("Dead-letter queues (" + outcome.deadJobs().size() + " job"
        + (outcome.deadJobs().size() == 1 ? "" : "s") + ")");
    TextTable dlq = new TextTable("job", "queue", "task", "reason", "attempts", "error");
    for (DeadJob d : outcome.deadJobs()) {
      dlq.row(shortId(d.id()), d.queue(), d.task(), d.failure().reason(),
          d.failure().attempts(), d.failure().errorClass());
    }
    out.print(dlq.render("  "));

    out.println();
    out.println("Queue stats");
    TextTable stats = new TextTable("queue", "ready", "delayed", "in flight", "dead");
    for (QueueStats s : outcome.stats()) {
      stats.row(s.queue(), s.ready(), s.delayed(), s.inFlight(), s.dead());
    }
    out.print(stats.render("  "));

    out.println();
    out.println("Job states (from JobEvents)");
    TextTable states = new TextTable("state", "jobs");
    int total = 0;
    for (Map.Entry<JobState, Integer> e : tracker.countByState().entrySet()) {
      states.row(e.getKey(), e.getValue());
      total += e.getValue();
    }
    states.row("total", total);
    out.print(states.render("  "));

    out.println();
    if (outcome.health().healthy()) {
      out.println("Health: OK");
    } else {
      out.println("Health: UNHEALTHY (default thresholds allow no dead letters)");
      outcome.health().problems().forEach(p -> out.println("  - " + p));
    }
    tracker.anomalies().forEach(a -> out.println("state machine anomaly: " + a));
  }

  /** The last 8 characters: the random part of a UUIDv7, enough to tell jobs apart here. */
  static String shortId(JobId id) {
    String v = id.value();
    return v.substring(Math.max(0, v.length() - 8));
  }

  private static String millis(Duration d) {
    return d == null ? "-" : d.toMillis() + " ms";
  }
}
