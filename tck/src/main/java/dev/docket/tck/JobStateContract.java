package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.FailureReason;
import dev.docket.InvalidConfigException;
import dev.docket.JobFailedException;
import dev.docket.JobHandle;
import dev.docket.JobState;
import dev.docket.JobStatus;
import dev.docket.ResultTimeoutException;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C1: job states ({@code PENDING → STARTED → SUCCESS | FAILURE | RETRY}, {@code DEAD}) and
 * results are recorded in the shared store with a TTL, and a {@link JobHandle} reads them and
 * awaits a result with a timeout. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class JobStateContract extends CoordinationContract {

  /** Thrown by the TCK's failing handlers. */
  static final class TckFailure extends RuntimeException {
    TckFailure(String message) {
      super(message);
    }
  }

  private TaskType<TckArgs, String> echo(String q) {
    return TaskType.builder(taskName("echo"), TckArgs.class, String.class).queue(q).build();
  }

  @Test
  @Tag("required")
  @DisplayName("C1.1 a job is PENDING once enqueued, STARTED while it runs and SUCCESS with its"
      + " result after, as any client sharing the store reads it")
  void c1_1_statesAndResult() {
    String q = declared("main");
    TaskType<TckArgs, String> task = echo(q);
    AtomicReference<Optional<JobState>> inside = new AtomicReference<>(Optional.empty());
    Worker w = longLeaseWorker(q, task, (a, c) -> {
      inside.set(docket().job(c.jobId()).state());
      return "echo:" + a.value();
    });
    EnqueuedJob job = docket().enqueue(task, new TckArgs("x"));
    JobHandle<String> handle = docket().job(task, job.id());
    assertThat(handle.state()).as("state after enqueue").contains(JobState.PENDING);
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(inside.get()).as("state read inside the handler").contains(JobState.STARTED);
    JobStatus status = handle.status().orElseThrow();
    assertThat(status.state()).isEqualTo(JobState.SUCCESS);
    assertThat(status.task()).isEqualTo(task.name());
    assertThat(status.queue()).isEqualTo(q);
    assertThat(status.attempt()).isEqualTo(1);
    assertThat(status.failure()).isNull();
    assertThat(handle.result(Duration.ZERO)).isEqualTo("echo:x");
    Docket other = client(new ForwardingBroker(broker) {
      @Override
      public void close() {}
    }, new ForwardingStateStore(store), null);
    assertThat(other.job(task, job.id()).result(Duration.ZERO))
        .as("the result read by another client that shares the store").isEqualTo("echo:x");
    assertThat(other.job(job.id()).result(Duration.ZERO))
        .as("the untyped handle reads plain JSON values").isEqualTo("echo:x");
  }

  @Test
  @Tag("required")
  @DisplayName("C1.2 a failing job is RETRY between attempts and FAILURE at the end; result()"
      + " throws JobFailedException carrying the failure")
  void c1_2_retryThenFailure() {
    Duration backoff = time.controllable() ? Duration.ofMinutes(1) : Duration.ofMillis(300);
    TaskType<TckArgs, String> task = TaskType.builder(taskName("fail"), TckArgs.class,
        String.class).queue(declared("main")).retryPolicy(RetryPolicy.builder().maxRetries(1)
            .initialBackoff(backoff).jitter(0).build()).build();
    Worker w = longLeaseWorker(task, (a, c) -> {
      throw new TckFailure("attempt " + c.attempt() + " fails");
    });
    EnqueuedJob job = docket().enqueue(task, new TckArgs("x"));
    JobHandle<String> handle = docket().job(task, job.id());
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(handle.status().orElseThrow()).as("after the first failure")
        .extracting(JobStatus::state, JobStatus::attempt).containsExactly(JobState.RETRY, 1);
    assertThatThrownBy(() -> handle.result(Duration.ZERO))
        .as("result() while the job waits for its retry").isInstanceOf(ResultTimeoutException.class)
        .hasMessageContaining("RETRY");
    time.advance(backoff);
    assertThat(runDue(w, 1)).isEqualTo(1);
    JobFailedException e = catchThrowableOfType(JobFailedException.class,
        () -> handle.result(Duration.ZERO));
    assertThat(e).as("result() of a failed job").isNotNull();
    assertThat(e.state()).isEqualTo(JobState.FAILURE);
    assertThat(e.failure().reason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
    assertThat(e.failure().errorClass()).isEqualTo(TckFailure.class.getName());
    assertThat(e.failure().message()).isEqualTo("attempt 2 fails");
    assertThat(e.failure().attempts()).isEqualTo(2);
    assertThat(e).hasMessageContaining("attempt 2 fails");
    assertThat(handle.status().orElseThrow().failure()).isEqualTo(e.failure());
  }

  @Test
  @Tag("required")
  @DisplayName("C1.3 a job dead-lettered without a handler verdict is DEAD; result() throws with"
      + " the reason")
  void c1_3_dead() {
    String q = declared("main");
    Worker w = longLeaseWorker(q, echo(q), (a, c) -> "never");
    EnqueuedJob job = docket().enqueue(taskName("nobody-knows"), Map.of("a", 1),
        EnqueueOptions.builder().queue(q).build());
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(stateOf(job.id())).contains(JobState.DEAD);
    JobFailedException e = catchThrowableOfType(JobFailedException.class,
        () -> docket().job(job.id()).result(Duration.ZERO));
    assertThat(e).isNotNull();
    assertThat(e.state()).isEqualTo(JobState.DEAD);
    assertThat(e.failure().reason()).isEqualTo(FailureReason.UNKNOWN_TASK);
  }

  @Test
  @Tag("required")
  @DisplayName("C1.4 result(timeout) waits for a job a running worker finishes, and times out on"
      + " one nobody runs, reading the store a bounded number of times")
  void c1_4_awaitResult() throws InterruptedException {
    String q = declared("main");
    TaskType<TckArgs, String> task = echo(q);
    CountDownLatch release = new CountDownLatch(1);
    track(docket().worker().queues(q).lease(TckTime.LONG_LEASE).fetchWait(Duration.ofMillis(100))
        .handle(task, (a, c) -> {
          release.await(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS);
          return "late:" + a.value();
        }).start());
    EnqueuedJob job = docket().enqueue(task, new TckArgs("y"));
    AtomicReference<String> got = new AtomicReference<>();
    Thread waiter = background("waiter", () -> got.set(docket().job(task, job.id())
        .result(ctx.timeouts().event())));
    Awaitility.await("the job to start").atMost(ctx.timeouts().event())
        .until(() -> stateOf(job.id()).equals(Optional.of(JobState.STARTED)));
    assertThat(got.get()).as("no result before the job finished").isNull();
    release.countDown();
    waiter.join(ctx.timeouts().event().toMillis());
    assertThat(got.get()).as("the awaited result").isEqualTo("late:y");

    // A job on a queue nobody serves: the wait ends with a timeout, polling the store sparingly.
    String idle = declared("idle");
    EnqueuedJob stuck = docket().enqueue(task, new TckArgs("z"),
        EnqueueOptions.builder().queue(idle).build());
    AtomicInteger reads = new AtomicInteger();
    Docket counting = client(new ForwardingBroker(broker) {
      @Override
      public void close() {}
    }, new ForwardingStateStore(store) {
      @Override
      public Optional<byte[]> get(String key) {
        reads.incrementAndGet();
        return super.get(key);
      }
    }, null);
    Duration wait = Duration.ofMillis(600);
    long start = System.nanoTime();
    assertThatThrownBy(() -> counting.job(task, stuck.id()).result(wait))
        .isInstanceOf(ResultTimeoutException.class).hasMessageContaining("PENDING");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time result(%s) waited", wait).isGreaterThanOrEqualTo(wait)
        .isLessThan(wait.plus(ctx.timeouts().event()));
    assertThat(reads.get()).as("store reads during a %s wait (no busy spinning)", wait)
        .isBetween(2, 30);
  }

  @Test
  @Tag("required")
  @DisplayName("C1.5 states and results expire after the result TTL")
  void c1_5_resultTtl() {
    String q = declared("main");
    Duration ttl = time.controllable() ? Duration.ofHours(1)
        : ctx.timeouts().scale(Duration.ofSeconds(2));
    Docket shortLived = client(new ForwardingBroker(broker) {
      @Override
      public void close() {}
    }, new ForwardingStateStore(store), ttl);
    TaskType<TckArgs, String> task = echo(q);
    Worker w = track(shortLived.worker().queues(q).lease(TckTime.LONG_LEASE)
        .handle(task, (a, c) -> "kept").build());
    EnqueuedJob job = shortLived.enqueue(task, new TckArgs("x"));
    java.time.Instant done = time.now();
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(shortLived.job(task, job.id()).result(Duration.ZERO)).isEqualTo("kept");
    if (time.controllable()) {
      time.advanceTo(done.plus(ttl).minusSeconds(1));
      assertThat(shortLived.job(job.id()).state()).as("inside the TTL").contains(JobState.SUCCESS);
      time.advanceTo(done.plus(ttl).plusSeconds(1));
    }
    Awaitility.await("the state record to expire").atMost(ttl.plus(ctx.timeouts().event()))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> shortLived.job(job.id()).state().isEmpty());
    assertThatThrownBy(() -> shortLived.job(task, job.id()).result(Duration.ZERO))
        .isInstanceOf(ResultTimeoutException.class).hasMessageContaining("none");
  }

  @Test
  @Tag("required")
  @DisplayName("C1.6 without a store, jobs run unrecorded, job(id) and coordinated tasks fail with"
      + " a message naming the setting to add")
  void c1_6_noStore() {
    String q = declared("main");
    Docket bare = Docket.builder().broker(new ForwardingBroker(broker) {
      @Override
      public void close() {}
    }).clock(time.clock()).build();
    assertThat(bare.store()).isEmpty();
    TaskType<TckArgs, String> task = echo(q);
    Worker w = track(bare.worker().queues(q).lease(TckTime.LONG_LEASE)
        .handle(task, (a, c) -> "fine").build());
    EnqueuedJob job = bare.enqueue(task, new TckArgs("x"));
    assertThat(runDue(w, 1)).as("a plain job runs without a store").isEqualTo(1);
    assertThatThrownBy(() -> bare.job(job.id())).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("job states and results").hasMessageContaining("docket.store.uri");
    TaskType<TckArgs, String> limited = TaskType.builder(taskName("limited"), TckArgs.class,
        String.class).queue(q).maxConcurrency(1).build();
    assertThatThrownBy(() -> bare.worker().queues(q).handle(limited, (a, c) -> "x").build())
        .as("registering a coordinated task without a store")
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining(limited.name())
        .hasMessageContaining("docket.store.uri");
  }

  @Test
  @Tag("required")
  @DisplayName("C1.7 a caller-given job id enqueued again after its job finished shows the new"
      + " job's state and result, not the old ones")
  void c1_7_reusedJobId() {
    TaskType<TckArgs, String> task = echo(declared("main"));
    AtomicInteger runs = new AtomicInteger();
    Worker w = longLeaseWorker(task, (a, c) -> a.value() + ":" + runs.incrementAndGet());
    EnqueueOptions sameId = EnqueueOptions.builder().jobId("report-" + ctx.namespace()).build();
    EnqueuedJob first = docket().enqueue(task, new TckArgs("r"), sameId);
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(docket().job(task, first.id()).result(Duration.ZERO)).isEqualTo("r:1");
    time.advance(Duration.ofMillis(time.controllable() ? 1000 : 20));
    EnqueuedJob again = docket().enqueue(task, new TckArgs("r"), sameId);
    assertThat(again.duplicate()).as("the id is free once its job was acked").isFalse();
    assertThat(docket().job(again.id()).state()).as("state of the new job with the reused id")
        .contains(JobState.PENDING);
    assertThatThrownBy(() -> docket().job(task, again.id()).result(Duration.ZERO))
        .as("the old result must not answer for the new job")
        .isInstanceOf(ResultTimeoutException.class);
    assertThat(runDue(w, 1)).isEqualTo(1);
    assertThat(docket().job(task, again.id()).result(Duration.ZERO)).isEqualTo("r:2");
  }
}
