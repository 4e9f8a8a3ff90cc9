package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueuedJob;
import dev.docket.JobState;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C2: a task with an idempotency key runs its body once per key within the key's TTL; later jobs
 * with the key finish with the first result; a failed run leaves the key free; two first runs at
 * once run the body once. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class IdempotencyContract extends CoordinationContract {

  private Duration ttl() {
    return time.controllable() ? Duration.ofHours(1) : Duration.ofSeconds(1);
  }

  /** A task keyed by its argument, with no retries: a deferral that burnt one would show. */
  private TaskType<TckArgs, String> charge(String q) {
    return charge(q, ttl());
  }

  private TaskType<TckArgs, String> charge(String q, Duration ttl) {
    return TaskType.builder(taskName("charge"), TckArgs.class, String.class).queue(q)
        .idempotencyKey(TckArgs::value, ttl).maxRetries(0).build();
  }

  /**
   * The main queue, a {@link #charge} task on it and a long-lease worker that runs {@code body}
   * with the key and the number of this run of the body (1 for the first), counting the runs.
   */
  private final class Charging {
    final String q = declared("main");
    final TaskType<TckArgs, String> task = charge(q);
    final AtomicInteger runs = new AtomicInteger();
    final Worker w;

    Charging(BiFunction<String, Integer, String> body) {
      w = longLeaseWorker(q, task, (a, c) -> body.apply(a.value(), runs.incrementAndGet()));
    }

    /** Enqueues a job keyed {@code key} and runs it: one job runs. */
    EnqueuedJob enqueueAndRun(String key) {
      EnqueuedJob job = docket().enqueue(task, new TckArgs(key));
      assertThat(runDue(w, 1)).isEqualTo(1);
      return job;
    }

    /** The result of {@code job}, which has finished. */
    @Nullable String resultOf(EnqueuedJob job) {
      return docket().job(task, job.id()).result(Duration.ZERO);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("C2.1 a second job with the same key does not run the body and returns the first"
      + " result")
  void c2_1_sameKeyRunsOnce() {
    Charging charging = new Charging((key, run) -> "charged:" + key + ":" + run);
    EnqueuedJob first = charging.enqueueAndRun("order-1");
    EnqueuedJob second = charging.enqueueAndRun("order-1");
    assertThat(charging.runs.get()).as("body runs for one key").isEqualTo(1);
    assertThat(charging.resultOf(first)).isEqualTo("charged:order-1:1");
    assertThat(charging.resultOf(second))
        .as("the second job's result is the first run's").isEqualTo("charged:order-1:1");
    assertQueueDrained(charging.q);
  }

  @Test
  @Tag("required")
  @DisplayName("C2.2 another key runs the body; after the TTL the same key runs it again")
  void c2_2_otherKeyAndTtl() {
    Charging charging = new Charging((key, run) -> key + ":" + run);
    docket().enqueue(charging.task, new TckArgs("a"));
    docket().enqueue(charging.task, new TckArgs("b"));
    assertThat(runDue(charging.w, 2)).isEqualTo(2);
    // The key's TTL starts when the run stores it, no later than now: on a real clock under load
    // the runs can take longer than the margin below, so the TTL is counted from here.
    Instant at = time.now();
    assertThat(charging.runs.get()).as("two keys, two runs").isEqualTo(2);
    time.advanceTo(at.plus(ttl()).plusMillis(time.controllable() ? 1 : 100));
    EnqueuedJob again = charging.enqueueAndRun("a");
    assertThat(charging.runs.get()).as("the key's TTL passed: the body runs again").isEqualTo(3);
    assertThat(charging.resultOf(again)).isEqualTo("a:3");
  }

  @Test
  @Tag("required")
  @DisplayName("C2.3 a failed run leaves the key free: the next job with it runs the body")
  void c2_3_failureFreesTheKey() {
    Charging charging = new Charging((key, run) -> {
      if (run == 1) {
        throw new IllegalStateException("the first run fails");
      }
      return "ok:" + run;
    });
    EnqueuedJob failed = charging.enqueueAndRun("k");
    assertThat(stateOf(failed.id())).contains(JobState.FAILURE);
    EnqueuedJob retried = charging.enqueueAndRun("k");
    assertThat(charging.runs.get()).isEqualTo(2);
    assertThat(charging.resultOf(retried)).isEqualTo("ok:2");
  }

  @Test
  @Tag("required")
  @DisplayName("C2.4 two jobs with one key at once: the body runs once, the second waits without"
      + " using up retries and returns the first result")
  void c2_4_concurrentFirstRuns() {
    String q = declared("main");
    // A TTL far beyond the test: the second job comes back after a retry delay of real time.
    TaskType<TckArgs, String> task = charge(q, Duration.ofHours(1));
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      track(docket().worker().queues(q).concurrency(2).lease(TckTime.LONG_LEASE)
          .fetchWait(Duration.ofMillis(100)).workerId("tck-idem-" + i)
          .handle(task, (a, c) -> {
            running.incrementAndGet();
            attempts.add(c.attempt());
            release.await(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS);
            running.decrementAndGet();
            return "paid:" + runs.incrementAndGet();
          }).start());
    }
    EnqueuedJob first = docket().enqueue(task, new TckArgs("order-9"));
    await("the first run to start", () -> running.get() == 1);
    EnqueuedJob second = docket().enqueue(task, new TckArgs("order-9"));
    // The second job must be handed back (not run) while the first holds the key.
    await("the second job to be deferred", () -> broker.stats(q).delayed() == 1);
    assertThat(running.get()).as("bodies running while the key is claimed").isEqualTo(1);
    release.countDown();
    drive("both jobs to finish", q, TaskType.DEFAULT_RETRY_DELAY, () -> idle(q),
        () -> stateOf(second.id()).equals(Optional.of(JobState.SUCCESS)));
    assertThat(runs.get()).as("body runs for one key").isEqualTo(1);
    assertThat(attempts).as("attempts of the one run").containsExactly(1);
    assertThat(docket().job(task, first.id()).result(Duration.ZERO)).isEqualTo("paid:1");
    assertThat(docket().job(task, second.id()).result(Duration.ZERO)).isEqualTo("paid:1");
    assertQueueDrained(q);
  }
}
