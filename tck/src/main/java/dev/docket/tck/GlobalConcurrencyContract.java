package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueuedJob;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C4: a task's max concurrency holds across all workers, measured; permits are leases that a dead
 * worker gives up when its lease ends. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class GlobalConcurrencyContract extends CoordinationContract {

  private Duration retryDelay() {
    return time.controllable() ? Duration.ofSeconds(1) : Duration.ofMillis(50);
  }

  @Test
  @Tag("required")
  @DisplayName("C4.1 three workers with 12 local slots never run more than maxConcurrency (2) jobs"
      + " of a task at once, measured, and run every job once without using up retries")
  void c4_1_limitHoldsAcrossWorkers() {
    String q = declared("main");
    int permits = 2;
    TaskType<TckArgs, String> task = TaskType.builder(taskName("limited"), TckArgs.class,
        String.class).queue(q).maxConcurrency(permits, retryDelay()).maxRetries(0).build();
    Overlap overlap = new Overlap();
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    startWorkers(3, "tck-limited", q, 4, b -> b, task, (a, c) -> {
      overlap.enter();
      attempts.add(c.attempt());
      runs.computeIfAbsent(a.value(), k -> new AtomicInteger()).incrementAndGet();
      work(Duration.ofMillis(60));
      overlap.exit();
      return a.value();
    });
    int jobs = 12;
    List<EnqueuedJob> enqueued = enqueueAndDrive(q, task, jobs, retryDelay(), attempts);
    assertThat(overlap.most()).as("most jobs of the task running at once across 3 workers")
        .isLessThanOrEqualTo(permits);
    assertThat(overlap.most()).as("the limit is reached, not undercut").isEqualTo(permits);
    assertThat(runs).as("jobs run").hasSize(jobs);
    assertThat(runs.values()).as("runs per job").allMatch(n -> n.get() == 1);
    assertThat(attempts).as("attempt of every run (waiting for a permit is not an attempt)")
        .containsOnly(1);
    assertAllSucceeded(enqueued, q);
  }

  @Test
  @Tag("required")
  @DisplayName("C4.2 a dead worker's permit expires with its lease and another worker proceeds")
  void c4_2_deadWorkerFreesItsPermit() throws InterruptedException {
    String q = declared("main");
    TaskType<TckArgs, String> task = TaskType.builder(taskName("one"), TckArgs.class,
        String.class).queue(q).maxConcurrency(1, retryDelay()).maxRetries(1).build();
    Duration lease = deadWorkerLease();
    List<String> ran = new CopyOnWriteArrayList<>();
    DyingWorker dying = dyingWorker(q, task, lease, ran, "the only permit");
    Worker workerB = track(docket().worker().queues(q).lease(TckTime.LONG_LEASE)
        .workerId("tck-survivor").handle(task, (x, c) -> {
          ran.add("B:" + x.value());
          return "B";
        }).build());
    survivorRunsBoth(q, task, workerB, lease, retryDelay(), ran,
        "while the dead worker's permit lasts");
    dying.comeBackLate(ctx.timeouts().event());
  }
}
