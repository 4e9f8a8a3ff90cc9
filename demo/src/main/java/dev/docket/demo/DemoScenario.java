package dev.docket.demo;

import dev.docket.DeadJob;
import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.JobId;
import dev.docket.JobRequest;
import dev.docket.Page;
import dev.docket.QueueStats;
import dev.docket.Worker;
import dev.docket.demo.DemoTasks.Email;
import dev.docket.demo.DemoTasks.InventorySync;
import dev.docket.demo.DemoTasks.Reminder;
import dev.docket.demo.DemoTasks.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The demo's core, without printing: enqueues fire-and-forget, delayed, prioritised and failing
 * jobs, runs them on one worker, waits for every job to finish and collects what happened. The
 * {@link Docket} must have {@code tracker} as a listener, so enqueue events are seen too.
 */
final class DemoScenario {

  /**
   * How the scenario runs.
   *
   * @param queuePrefix prepended to {@code high}, {@code default} and {@code low}, so a run on a
   *     shared broker never sees another run's jobs
   * @param concurrency jobs the worker runs at once
   * @param delay the delay of the delayed jobs
   * @param timeout how long to wait for every job to finish
   */
  record Settings(String queuePrefix, int concurrency, Duration delay, Duration timeout) {
    Settings {
      Objects.requireNonNull(queuePrefix, "queuePrefix");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** The CLI's settings: 4 jobs at once, a 1.5 s delay, 10 s to finish. */
    static Settings defaults(String queuePrefix) {
      return new Settings(queuePrefix, 4, Duration.ofMillis(1500), Duration.ofSeconds(10));
    }

    Queues queues() {
      return new Queues(queuePrefix + "high", queuePrefix + "default", queuePrefix + "low");
    }
  }

  /** The three queues a worker serves in strict order. */
  record Queues(String high, String normal, String low) {
    List<String> all() {
      return List.of(high, normal, low);
    }
  }

  /** A report enqueued with a queue and a message priority, to show the order they ran in. */
  record PrioritisedJob(JobId id, String report, String queue, int priority) {}

  /**
   * Everything the run produced.
   *
   * @param jobIds every job enqueued, in enqueue order
   * @param prioritised the reports of the priority batch, in enqueue order
   * @param delayed the delayed reminders
   * @param flaky the job that fails once and then succeeds
   * @param failing the job that exhausts its retries
   * @param stats one snapshot per queue after the worker stopped
   * @param deadJobs every dead letter of the three queues
   * @param health the health report with default thresholds
   * @param elapsed from the first enqueue until every job finished
   */
  record Outcome(
      Queues queues,
      List<JobId> jobIds,
      List<PrioritisedJob> prioritised,
      List<JobId> delayed,
      JobId flaky,
      JobId failing,
      List<QueueStats> stats,
      List<DeadJob> deadJobs,
      HealthReport health,
      Duration elapsed) {}

  private final Docket docket;
  private final StateTracker tracker;
  private final Settings settings;
  private final Consumer<String> progress;

  DemoScenario(Docket docket, StateTracker tracker, Settings settings, Consumer<String> progress) {
    this.docket = Objects.requireNonNull(docket, "docket");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Runs the scenario.
   *
   * @throws TimeoutException when some job has not finished within the settings' timeout
   */
  Outcome run() throws InterruptedException, TimeoutException {
    Queues q = settings.queues();
    List<JobId> all = new ArrayList<>();
    long start = System.nanoTime();

    // Enqueued before the worker starts, so the order they run in shows the priorities rather
    // than the order they arrived in.
    List<PrioritisedJob> prioritised = enqueueReports(q);
    prioritised.forEach(p -> all.add(p.id()));
    progress.accept("enqueued " + prioritised.size() + " reports on '" + q.high() + "' and '"
        + q.low() + "' with message priorities");

    Worker worker = docket.worker()
        .queues(q.high(), q.normal(), q.low())
        .concurrency(settings.concurrency())
        .handle(DemoTasks.SEND_EMAIL, DemoTasks::sendEmail)
        .handle(DemoTasks.SEND_REMINDER, DemoTasks::sendReminder)
        .handle(DemoTasks.RENDER_REPORT, DemoTasks::renderReport)
        .handle(DemoTasks.SYNC_INVENTORY, DemoTasks::syncInventory)
        .register(new PaymentTasks())
        .build();
    // Jobs fetched in one batch start at the same moment, so a started worker would blur the
    // order. runDue() takes one job at a time on this thread, in exactly the broker's order.
    int ran = worker.runDue();
    progress.accept("worker.runDue() ran " + ran + " jobs one by one, in priority order");
    worker.start();
    progress.accept("worker " + worker.workerId() + " started on " + worker.queues()
        + ", " + settings.concurrency() + " jobs at once");
    Outcome outcome;
    try {
      EnqueueOptions normal = EnqueueOptions.builder().queue(q.normal()).build();
      for (String to : List.of("ada", "grace", "alan", "edsger", "barbara")) {
        all.add(docket.enqueue(DemoTasks.SEND_EMAIL,
            new Email(to + "@example.com", "Welcome to Docket"), normal).id());
      }
      List<JobId> delayed = new ArrayList<>();
      EnqueueOptions later = EnqueueOptions.builder()
          .queue(q.normal()).delay(settings.delay()).build();
      for (String user : List.of("ada", "grace")) {
        delayed.add(docket.enqueue(DemoTasks.SEND_REMINDER,
            new Reminder(user, "Your trial ends soon"), later).id());
      }
      all.addAll(delayed);
      JobId flaky = docket.enqueue(DemoTasks.SYNC_INVENTORY, new InventorySync("SKU-1001"),
          normal).id();
      all.add(flaky);
      // Enqueued by name: the producer need not share the handler's class.
      JobId failing = docket.enqueue(PaymentTasks.CHARGE,
          new PaymentTasks.Charge("order-77", 4_999), normal).id();
      all.add(failing);
      progress.accept("enqueued 5 emails, 2 reminders due in " + seconds(settings.delay())
          + ", 1 inventory sync that fails once, 1 payment that always fails");
      progress.accept("waiting for " + all.size() + " jobs (at most "
          + seconds(settings.timeout()) + ")");

      tracker.awaitTerminal(all, settings.timeout());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      progress.accept("all " + all.size() + " jobs finished in " + seconds(elapsed));
      outcome = new Outcome(q, List.copyOf(all), prioritised, List.copyOf(delayed), flaky,
          failing, List.of(), List.of(), null, elapsed);
    } finally {
      worker.shutdown(Duration.ofSeconds(2));
    }
    return collect(outcome);
  }

  private List<PrioritisedJob> enqueueReports(Queues q) {
    List<PrioritisedJob> planned = List.of(
        new PrioritisedJob(null, "weekly-sales", q.high(), 1),
        new PrioritisedJob(null, "board-deck", q.high(), 9),
        new PrioritisedJob(null, "ops-daily", q.high(), 5),
        new PrioritisedJob(null, "archive-2019", q.low(), 0),
        new PrioritisedJob(null, "archive-2020", q.low(), 7));
    List<JobRequest<Report>> requests = planned.stream()
        .map(p -> JobRequest.of(DemoTasks.RENDER_REPORT, new Report(p.report()),
            EnqueueOptions.builder().queue(p.queue()).priority(p.priority()).build()))
        .toList();
    // One broker call per queue, not per job.
    List<EnqueuedJob> enqueued = docket.enqueueAll(requests);
    List<PrioritisedJob> out = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      PrioritisedJob p = planned.get(i);
      out.add(new PrioritisedJob(enqueued.get(i).id(), p.report(), p.queue(), p.priority()));
    }
    return List.copyOf(out);
  }

  /** Reads stats, dead letters and health once the worker has stopped, so counts are settled. */
  private Outcome collect(Outcome o) {
    List<QueueStats> stats = o.queues().all().stream().map(docket::stats).toList();
    List<DeadJob> dead = new ArrayList<>();
    for (String queue : o.queues().all()) {
      String cursor = null;
      do {
        Page<DeadJob> page = docket.deadLetters(queue).list(cursor, 50);
        dead.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor != null);
    }
    HealthReport health = docket.health(HealthThresholds.defaults(),
        o.queues().all().toArray(String[]::new));
    return new Outcome(o.queues(), o.jobIds(), o.prioritised(), o.delayed(), o.flaky(),
        o.failing(), stats, List.copyOf(dead), health, o.elapsed());
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
