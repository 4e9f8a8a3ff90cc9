package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.EnqueuedJob;
import dev.docket.JobState;
import dev.docket.OnConflict;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C3: a singleton task runs one job at a time across all workers; on conflict a job is skipped or
 * rescheduled (without using up retries) as the task says; the lock is released only by its
 * owner, and a dead owner's lock expires so another worker proceeds. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class SingletonLockContract extends CoordinationContract {

  private Duration retryDelay() {
    return time.controllable() ? Duration.ofSeconds(10) : Duration.ofMillis(100);
  }

  /** No retries unless asked: a reschedule that burnt an attempt would dead-letter the job. */
  private TaskType<TckArgs, String> singleton(String q, OnConflict onConflict, int maxRetries) {
    return TaskType.builder(taskName("single"), TckArgs.class, String.class).queue(q)
        .singleton(a -> "", onConflict, retryDelay()).maxRetries(maxRetries).build();
  }

  @Test
  @Tag("required")
  @DisplayName("C3.1 with SKIP, a job that finds the lock held ends SUCCESS without running; once"
      + " the owner finishes, the next job runs")
  void c3_1_skip() {
    String q = declared("main");
    TaskType<TckArgs, String> task = singleton(q, OnConflict.SKIP, 0);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    track(docket().worker().queues(q).concurrency(4).lease(TckTime.LONG_LEASE)
        .fetchWait(Duration.ofMillis(100))
        .handle(task, (a, c) -> {
          ran.add(a.value());
          if (a.value().equals("holder")) {
            release.await(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS);
          }
          return a.value();
        }).start());
    EnqueuedJob holder = docket().enqueue(task, new TckArgs("holder"));
    await("the holder to start", () -> ran.contains("holder"));
    EnqueuedJob skipped = docket().enqueue(task, new TckArgs("skipped"));
    awaitState(skipped.id(), JobState.SUCCESS);
    assertThat(ran).as("bodies run while the lock is held").containsExactly("holder");
    assertThat(docket().job(task, skipped.id()).result(Duration.ZERO)).as("a skipped job's result")
        .isNull();
    release.countDown();
    awaitState(holder.id(), JobState.SUCCESS);
    EnqueuedJob next = docket().enqueue(task, new TckArgs("next"));
    awaitState(next.id(), JobState.SUCCESS);
    assertThat(ran).as("the owner released its lock").containsExactly("holder", "next");
  }

  @Test
  @Tag("required")
  @DisplayName("C3.2 with RESCHEDULE, jobs on two workers never overlap and all run, without"
      + " using up retries")
  void c3_2_reschedule() {
    String q = declared("main");
    TaskType<TckArgs, String> task = singleton(q, OnConflict.RESCHEDULE, 0);
    Overlap overlap = new Overlap();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    startWorkers(2, "tck-single", q, 3, b -> b, task, (a, c) -> {
      overlap.enter();
      attempts.add(c.attempt());
      work(Duration.ofMillis(50));
      overlap.exit();
      return a.value();
    });
    int jobs = 5;
    for (int i = 0; i < jobs; i++) {
      docket().enqueue(task, new TckArgs("job-" + i));
    }
    drive("every job to run", q, retryDelay(), () -> idle(q),
        () -> attempts.size() == jobs && broker.stats(q).total() == 0);
    assertThat(overlap.most()).as("most bodies running at once").isEqualTo(1);
    assertThat(attempts).as("attempt of every run (rescheduling is not an attempt)")
        .containsOnly(1).hasSize(jobs);
    assertQueueDrained(q);
  }

  @Test
  @Tag("required")
  @DisplayName("C3.3 a dead owner's lock expires and another worker proceeds; when the owner comes"
      + " back late it cannot release the new owner's lock")
  void c3_3_deadOwner() throws InterruptedException {
    String q = declared("main");
    // One retry: the dead worker's delivery of "first" counts as an attempt, as it should.
    TaskType<TckArgs, String> task = singleton(q, OnConflict.RESCHEDULE, 1);
    Duration lease = deadWorkerLease();
    // Worker A runs "first" and hangs; then its process is cut off: no heartbeat, no release.
    List<String> ran = new CopyOnWriteArrayList<>();
    DyingWorker dying = dyingWorker(q, task, lease, ran, "the lock");

    CountDownLatch releaseB = new CountDownLatch(1);
    Worker workerB = track(docket().worker().queues(q).lease(TckTime.LONG_LEASE)
        .workerId("tck-survivor").handle(task, (x, c) -> {
          ran.add("B:" + x.value());
          if (x.value().equals("third")) {
            releaseB.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
          }
          return "B";
        }).build());
    survivorRunsBoth(q, task, workerB, lease, retryDelay(), ran,
        "while the dead owner's lock lasts");

    // B holds the lock with "third"; A comes back and finishes late.
    docket().enqueue(task, new TckArgs("third"));
    Thread threadB = background("survivor", () -> runOne(workerB));
    await("B to hold the lock again", () -> ran.contains("B:third"));
    dying.comeBackLate(ctx.timeouts().event());
    assertThat(dying.thread().isAlive()).as("worker A finished its late run").isFalse();

    List<String> fourth = new CopyOnWriteArrayList<>();
    Worker workerC = track(docket().worker().queues(q).lease(TckTime.LONG_LEASE)
        .workerId("tck-third").handle(task, (x, c) -> {
          fourth.add(x.value());
          return "C";
        }).build());
    EnqueuedJob last = docket().enqueue(task, new TckArgs("fourth"));
    workerC.runDue();
    assertThat(fourth).as("A's late release must not free B's lock").isEmpty();
    releaseB.countDown();
    threadB.join(ctx.timeouts().event().toMillis());
    drive("the fourth job to run after B released", q, retryDelay(), () -> true, () -> {
      workerC.runDue();
      return !fourth.isEmpty();
    });
    awaitState(last.id(), JobState.SUCCESS);
    assertThat(fourth).containsExactly("fourth");
  }

  @Test
  @Tag("required")
  @DisplayName("C3.4 a running job's lock is extended with its lease: it is still held after"
      + " several lease lengths")
  void c3_4_lockIsExtendedWhileTheJobRuns() {
    String q = declared("main");
    TaskType<TckArgs, String> task = singleton(q, OnConflict.SKIP, 0);
    // The lease keeper extends at a quarter of the lease, on the worker's clock.
    Duration lease = time.controllable() ? Duration.ofMillis(300)
        : ctx.timeouts().scale(Duration.ofMillis(1500));
    AtomicInteger extensions = new AtomicInteger();
    ExtensionCountingBroker leaseExtensions = new ExtensionCountingBroker(broker);
    Docket holderClient = client(leaseExtensions, new ForwardingStateStore(store) {
      @Override
      public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
        boolean done = super.compareAndExpire(key, expected, ttl);
        if (done) {
          extensions.incrementAndGet();
        }
        return done;
      }
    }, null);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    // Concurrency 1: the holder must not fetch the conflicting job itself.
    track(holderClient.worker().queues(q).concurrency(1).lease(lease)
        .fetchWait(Duration.ofMillis(100))
        .workerId("tck-holder").handle(task, (a, c) -> {
          ran.add(a.value());
          release.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
          return a.value();
        }).start());
    EnqueuedJob holder = docket().enqueue(task, new TckArgs("holder"));
    await("the holder to start", () -> ran.contains("holder"));
    for (int i = 0; i < 5; i++) {
      // Read before the step: on a manual clock the keeper extends as soon as time moves.
      int seen = extensions.get();
      int seenLeases = leaseExtensions.granted();
      time.advance(lease.dividedBy(2));
      // An extension after this step renews the lock (and the job's lease, extended apart from
      // it) from the current time.
      await("the lease keeper to extend the lock", () -> extensions.get() > seen);
      await("the lease keeper to extend the job's lease",
          () -> leaseExtensions.granted() > seenLeases);
    }
    Worker other = track(docket().worker().queues(q).lease(TckTime.LONG_LEASE)
        .workerId("tck-other").handle(task, (a, c) -> {
          ran.add(a.value());
          return a.value();
        }).build());
    EnqueuedJob late = docket().enqueue(task, new TckArgs("late"));
    assertThat(runDue(other, 1)).isEqualTo(1);
    awaitState(late.id(), JobState.SUCCESS);
    assertThat(ran).as("the lock outlived 2.5 leases while its job ran").containsExactly("holder");
    release.countDown();
    awaitState(holder.id(), JobState.SUCCESS);
  }
}
