package dev.docket.demo;

import dev.docket.cron.CronSchedule;
import dev.docket.cron.CronTick;
import dev.docket.Docket;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import dev.docket.workflow.Step;
import dev.docket.Worker;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import dev.docket.demo.WorkflowTasks.Order;
import dev.docket.demo.WorkflowTasks.Size;
import dev.docket.demo.WorkflowTasks.Thumb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The demo's second part: a chain (validate, price, receipt), a chord (four thumbnails, then one
 * publish with all of them) and a cron schedule ticking every second that two schedulers share
 * (each tick runs once). Needs a state store; on {@code memory://} one is built in.
 */
final class WorkflowScenario {

  /**
   * What the part produced.
   *
   * @param chain the order chain's final status
   * @param receipt what the chain's last step returned
   * @param chord the thumbnail chord's final status
   * @param published what the chord callback received, in member order
   * @param callbackRuns how often the callback ran
   * @param ticks how often each cron tick ran
   */
  record Outcome(WorkflowStatus chain, String receipt, WorkflowStatus chord,
      List<String> published, int callbackRuns, Map<Instant, Integer> ticks) {}

  private final Docket docket;
  private final String prefix;
  private final Duration timeout;
  private final Consumer<String> progress;

  WorkflowScenario(Docket docket, String prefix, Duration timeout, Consumer<String> progress) {
    this.docket = Objects.requireNonNull(docket, "docket");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** The one queue the workflow part uses in a run whose queue names start with {@code prefix}. */
  static String queue(String prefix) {
    return prefix + "workflows";
  }

  Outcome run() throws TimeoutException, InterruptedException {
    WorkflowTasks t = new WorkflowTasks(queue(prefix));
    List<String> published = new CopyOnWriteArrayList<>();
    AtomicInteger callbackRuns = new AtomicInteger();
    Map<Instant, AtomicInteger> ticks = new ConcurrentHashMap<>();
    CronSchedule everySecond = CronSchedule.quartz("* * * * * ?");
    Schedule<CronTick> snapshots = Schedule.ofTicks(prefix + "metrics.snapshot", t.snapshot,
        everySecond);
    Worker worker = docket.worker()
        .queues(t.validate.queue())
        .concurrency(4)
        .handle(t.validate, (o, c) -> WorkflowTasks.validate(o))
        .handle(t.price, (o, c) -> WorkflowTasks.price(o))
        .handle(t.receipt, (i, c) -> WorkflowTasks.receipt(i))
        .handle(t.resize, (s, c) -> WorkflowTasks.resize(s))
        .handle(t.publish, (thumbs, c) -> {
          callbackRuns.incrementAndGet();
          thumbs.forEach(th -> published.add(th.name()));
          return WorkflowTasks.publish(thumbs);
        })
        .handle(t.alert, (f, c) -> null)
        .handle(t.snapshot, (tick, c) -> {
          ticks.computeIfAbsent(tick.tick(), k -> new AtomicInteger()).incrementAndGet();
          return null;
        })
        .schedule(snapshots)
        .start();
    // A second scheduler on the same schedule, as a second process would run: still one job
    // per tick.
    Scheduler second = docket.scheduler().schedulerId("demo-second").schedule(snapshots).start();
    try {
      EnqueuedWorkflow chain = docket.enqueue(
          Workflow.chain(Workflow.step(t.validate, new Order("order-42", 3, 1_250)))
              .then(t.price).then(t.receipt).onError(t.alert));
      progress.accept("enqueued chain " + chain.id() + ": orders.validate -> orders.price ->"
          + " orders.receipt");
      List<Step<Size, Thumb>> sizes = new ArrayList<>();
      for (int w : List.of(64, 128, 256, 512)) {
        sizes.add(Workflow.step(t.resize, new Size(w)));
      }
      EnqueuedWorkflow chord = docket.enqueue(
          Workflow.chord(Workflow.group(sizes), t.publish).onError(t.alert));
      progress.accept("enqueued chord " + chord.id() + ": 4 x images.resize, then"
          + " gallery.publish with all 4 thumbnails");
      progress.accept("cron: " + snapshots.name() + " every second, on 2 schedulers");
      await("the chain, the chord and two cron ticks", () ->
          done(chain) && done(chord) && ticks.size() >= 2);
      WorkflowStatus chainStatus = status(chain);
      WorkflowStatus chordStatus = status(chord);
      List<Object> steps = docket.workflowResults(chain.id(), Object.class);
      String receipt = String.valueOf(steps.get(steps.size() - 1));
      progress.accept("chain " + chainStatus.state() + ": " + receipt);
      progress.accept("chord " + chordStatus.state() + ": gallery.publish ran "
          + callbackRuns.get() + " time(s) with " + published);
      Map<Instant, Integer> perTick = new java.util.TreeMap<>();
      ticks.forEach((k, v) -> perTick.put(k, v.get()));
      progress.accept("cron ticks run (tick -> times): " + perTick);
      return new Outcome(chainStatus, receipt, chordStatus, List.copyOf(published),
          callbackRuns.get(), perTick);
    } finally {
      second.close();
      worker.shutdown(Duration.ofSeconds(2));
    }
  }

  private boolean done(EnqueuedWorkflow wf) {
    return status(wf).state() != WorkflowStatus.State.RUNNING;
  }

  private WorkflowStatus status(EnqueuedWorkflow wf) {
    return docket.workflowStatus(wf.id()).orElseThrow();
  }

  private void await(String what, BooleanSupplier condition)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(what + " did not finish within " + timeout);
      }
      // A demo polls its own progress; the library itself never waits like this.
      Thread.sleep(20);
    }
  }

  /** What differs from the expected end state; empty when the part went as designed. */
  static List<String> problems(Outcome o) {
    List<String> problems = new ArrayList<>();
    if (o.chain().state() != WorkflowStatus.State.SUCCEEDED
        || !o.receipt().equals("receipt for order-42: 37.50 EUR")) {
      problems.add("the order chain should succeed with a 37.50 EUR receipt: " + o.chain()
          + ", " + o.receipt());
    }
    if (o.chord().state() != WorkflowStatus.State.SUCCEEDED || o.callbackRuns() != 1
        || !o.published().equals(List.of("cover-64.png", "cover-128.png", "cover-256.png",
            "cover-512.png"))) {
      problems.add("the chord callback should run once with 4 thumbnails in order: "
          + o.chord() + ", runs " + o.callbackRuns() + ", " + o.published());
    }
    o.ticks().forEach((tick, n) -> {
      if (n != 1) {
        problems.add("cron tick " + tick + " ran " + n + " times, expected once");
      }
    });
    if (o.ticks().size() < 2) {
      problems.add("expected at least 2 cron ticks, got " + o.ticks());
    }
    return problems;
  }
}
