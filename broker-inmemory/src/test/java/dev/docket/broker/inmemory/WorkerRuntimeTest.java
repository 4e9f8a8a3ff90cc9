package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.JobEvent;
import dev.docket.JobStateTracker;
import dev.docket.JobTimeoutException;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker runtime on real threads and the real clock, against the in-memory broker. */
class WorkerRuntimeTest {
  static final Duration BOUND = Duration.ofSeconds(10);

  private final JobStateTracker tracker = new JobStateTracker();
  private final Docket docket = Docket.builder()
      .broker(InMemoryBroker.create(TimeSource.system())).listener(tracker).build();

  @AfterEach
  void close() {
    docket.close();
  }

  private static TaskType<Integer, Void> task(String name) {
    return TaskType.builder(name, Integer.class, Void.class)
        .retryPolicy(RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(50)).build())
        .build();
  }

  @Test
  void worker_neverRunsMoreJobsAtOnceThanItsConcurrency() throws Exception {
    assertRunsAtMostItsConcurrency(3);
  }

  @Test
  void workerWithTwoFetchLoops_stillNeverExceedsItsConcurrency() throws Exception {
    // 20 slots: two fetch loops share them.
    assertRunsAtMostItsConcurrency(20);
  }

  /** Enqueues three times {@code concurrency} jobs that wait on a gate; checks the peak. */
  private void assertRunsAtMostItsConcurrency(int concurrency) throws Exception {
    TaskType<Integer, Void> t = task("gated-" + concurrency);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    int jobs = 3 * concurrency;
    try (Worker w = docket.worker().concurrency(concurrency).handle(t, (n, ctx) -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      gate.await();
      running.decrementAndGet();
      done.incrementAndGet();
      return null;
    }).start()) {
      Jobs.enqueueNumbered(docket, t, jobs);
      await().atMost(BOUND).until(() -> running.get() == concurrency);
      await().during(Duration.ofMillis(200)).atMost(BOUND)
          .until(() -> docket.stats("default").ready() == jobs - concurrency);
      gate.countDown();
      await().atMost(BOUND).until(() -> done.get() == jobs);
    }
    assertThat(peak.get()).isEqualTo(concurrency);
    assertThat(tracker.events(JobEvent.Succeeded.class)).hasSize(jobs);
  }

  @Test
  void handler_runsOnTheJobThreadOfTheWorkersFactory() throws Exception {
    TaskType<Integer, Void> t = task("where");
    AtomicInteger made = new AtomicInteger();
    ThreadFactory factory = r -> {
      made.incrementAndGet();
      return Thread.ofVirtual().name("mine-" + made.get()).unstarted(r);
    };
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    try (Worker w = docket.worker().threadFactory(factory).handle(t, (n, ctx) -> {
      ranOn.complete(Thread.currentThread().getName());
      return null;
    }).start()) {
      docket.enqueue(t, 1);
      assertThat(ranOn.get(BOUND.toSeconds(), TimeUnit.SECONDS)).startsWith("mine-");
    }
    assertThat(made.get()).isEqualTo(1);
  }

  @Test
  void handlerIgnoringTheInterrupt_isRetriedAtItsTimeout_andItsLateOutcomeIsDiscarded()
      throws Exception {
    TaskType<Integer, Void> t = task("stubborn").toBuilder().timeout(Duration.ofMillis(150))
        .build();
    Stubborn.FirstRunHangs<Integer> stubborn = new Stubborn.FirstRunHangs<>(10);
    try (Worker w = docket.worker().concurrency(2).handle(t, stubborn).start()) {
      docket.enqueue(t, 1);
      // The retry runs and succeeds while the first body still hangs.
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
      assertThat(stubborn.returned.getCount()).isEqualTo(1);
      stubborn.release.countDown();
      assertThat(stubborn.returned.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      await().during(Duration.ofMillis(300)).atMost(BOUND)
          .until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
    assertThat(tracker.events(JobEvent.Succeeded.class).get(0).attempt()).isEqualTo(2);
    assertThat(tracker.events(JobEvent.Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.error()).isInstanceOf(JobTimeoutException.class));
    assertThat(docket.stats("default").total()).isZero();
  }

  @Test
  void longJob_keepsItsLeaseWhileItRuns_soNoOtherWorkerGetsIt() throws Exception {
    TaskType<Integer, Void> t = task("long");
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    JobHandlerCounter handler = new JobHandlerCounter(calls, release);
    // Leases of 600 ms are renewed every 200 ms: a pause of several hundred ms on a loaded CI
    // machine still leaves a renewal in time.
    try (Worker first = docket.worker().lease(Duration.ofMillis(600)).handle(t, handler).start();
        Worker second = docket.worker().lease(Duration.ofMillis(600)).handle(t, handler)
            .start()) {
      docket.enqueue(t, 1);
      await().atMost(BOUND).until(() -> calls.get() == 1);
      // Three lease lengths pass; heartbeats must keep the job with its first worker.
      await().during(Duration.ofMillis(1800)).atMost(BOUND)
          .until(() -> calls.get() == 1 && docket.stats("default").ready() == 0);
      assertThat(docket.stats("default").inFlight()).isEqualTo(1);
      release.countDown();
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(tracker.events(JobEvent.Succeeded.class).get(0).attempt()).isEqualTo(1);
  }

  /** Counts calls and blocks until released. */
  record JobHandlerCounter(AtomicInteger calls, CountDownLatch release)
      implements dev.docket.JobHandler<Integer, Void> {
    @Override
    public Void handle(Integer args, dev.docket.JobContext context) throws Exception {
      calls.incrementAndGet();
      release.await();
      return null;
    }
  }

  @Test
  void shutdown_handsUnfinishedJobsBackAtOnce_notAfterTheirLease() {
    TaskType<Integer, Void> t = task("stuck");
    CountDownLatch started = new CountDownLatch(1);
    Worker w = docket.worker().lease(Duration.ofMinutes(10)).handle(t, (n, ctx) -> {
      started.countDown();
      new CountDownLatch(1).await(); // until interrupted by shutdown
      return null;
    }).start();
    docket.enqueue(t, 1);
    await().atMost(BOUND).until(() -> started.getCount() == 0);

    assertThat(w.shutdown(Duration.ofMillis(200))).isEqualTo(1);

    assertThat(docket.stats("default").ready()).isEqualTo(1);
    assertThat(docket.stats("default").inFlight()).isZero();
    assertThat(w.isRunning()).isFalse();
  }

  @Test
  void shutdown_letsRunningJobsFinishWithinTheGracePeriod() throws Exception {
    TaskType<Integer, Void> t = task("finishing");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Worker w = docket.worker().handle(t, (n, ctx) -> {
      started.countDown();
      release.await();
      return null;
    }).start();
    docket.enqueue(t, 1);
    started.await();
    Thread releaser = Thread.ofVirtual().start(() -> {
      await().pollDelay(Duration.ofMillis(200)).atMost(BOUND).until(() -> true);
      release.countDown();
    });

    assertThat(w.shutdown(Duration.ofSeconds(10))).isZero();
    releaser.join();
    assertThat(tracker.events(JobEvent.Succeeded.class)).hasSize(1);
    assertThat(docket.stats("default").total()).isZero();
  }

  @Test
  void handlerPastItsTimeout_isInterruptedAndRetried() {
    TaskType<Integer, Void> t = task("hangs").toBuilder().timeout(Duration.ofMillis(150)).build();
    AtomicInteger attempts = new AtomicInteger();
    try (Worker w = docket.worker().handle(t, (n, ctx) -> {
      if (attempts.incrementAndGet() == 1) {
        new CountDownLatch(1).await();
      }
      return null;
    }).start()) {
      docket.enqueue(t, 1);
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
    assertThat(tracker.events(JobEvent.Failed.class)).singleElement()
        .satisfies(f -> assertThat(f.error()).isInstanceOf(JobTimeoutException.class)
            .hasMessageContaining("timeout of PT0.15S"));
    assertThat(tracker.events(JobEvent.Succeeded.class).get(0).attempt()).isEqualTo(2);
  }

  @Test
  void brokerDisconnects_workerKeepsFetchingAfterwards() {
    TaskType<Integer, Void> t = task("after-outage");
    InMemoryBroker broker = (InMemoryBroker) docket.broker();
    docket.enqueue(t, 1);
    broker.injectFault(Fault.DISCONNECT, 3);
    try (Worker w = docket.worker().fetchWait(Duration.ofMillis(50)).handle(t, (n, ctx) -> null)
        .start()) {
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
  }

  @Test
  void throwingListener_neverBreaksAJob() {
    TaskType<Integer, Void> t = task("listened");
    try (Worker w = docket.worker().listener(e -> {
      throw new IllegalStateException("listener bug");
    }).handle(t, (n, ctx) -> null).start()) {
      docket.enqueue(t, 1);
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
    assertThat(docket.stats("default").total()).isZero();
  }
}
