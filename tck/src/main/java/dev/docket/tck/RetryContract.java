package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.JobHandler;
import dev.docket.NonRetryableException;
import dev.docket.RetryLaterException;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R6: retries through the Docket runtime on this broker: backoff is honoured (never early),
 * retries end in the dead-letter queue, an explicit retry-after wins over the backoff, and
 * non-retryable failures skip retries. The runtime computes the delays; the broker must keep them
 * ({@link dev.docket.spi.Broker#release} with a delay) and count deliveries. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class RetryContract extends BrokerContract {

  /** Thrown by the TCK's failing handlers. */
  static final class TckFailure extends RuntimeException {
    TckFailure(String message) {
      super(message);
    }
  }

  /** First backoff: long on a manual clock, short in real time. */
  private Duration unit() {
    return time.controllable() ? Duration.ofSeconds(30) : Duration.ofMillis(400);
  }

  /**
   * Time after which no retry of the policy below can still be pending: far beyond on a manual
   * clock (free), a few backoffs in real time (so the check costs seconds, not minutes).
   */
  private Duration afterEverything() {
    return time.controllable() ? unit().multipliedBy(100) : unit().multipliedBy(5);
  }

  /** A policy without jitter, so every delay is known. */
  private RetryPolicy policy(int maxRetries) {
    return RetryPolicy.builder().maxRetries(maxRetries).initialBackoff(unit()).multiplier(2)
        .maxBackoff(unit().multipliedBy(100)).jitter(0).build();
  }

  private TaskType<TckArgs, Void> task(String name, String queue, RetryPolicy policy) {
    return TaskType.builder(name, TckArgs.class, Void.class).queue(queue).retryPolicy(policy)
        .build();
  }

  /**
   * Expects the next attempt no earlier than {@code due}: on a manual clock none runs 1 ms
   * before and one runs at {@code due}; in real time the attempt must start at or after it.
   */
  private void expectAttemptAt(Worker worker, Instant due, List<Instant> starts, String what) {
    int before = starts.size();
    if (time.controllable()) {
      time.advanceTo(due.minusMillis(1));
      assertThat(worker.runDue()).as("%s ran before it was due at %s", what, due).isZero();
      time.advanceTo(due);
      assertThat(worker.runDue()).as("%s runs when due at %s; broker state: %s", what, due,
          BrokerAssert.describe(broker, worker.queues().toArray(String[]::new))).isEqualTo(1);
      return;
    }
    time.advanceTo(due.minus(unit().dividedBy(4)));
    runDue(worker, 1);
    assertThat(starts).as("%s should have run once more", what).hasSize(before + 1);
    Instant started = starts.get(before);
    if (started.isBefore(due)) {
      fail(what + " started at " + started + ", before its retry was due at " + due);
    }
    assertThat(Duration.between(due, started)).as("lateness of %s", what)
        .isLessThanOrEqualTo(caps.delayTolerance().plus(ctx.timeouts().scale(
            Duration.ofSeconds(2))));
  }

  /**
   * A task {@code name} with {@code policy} on this test's main queue, and a long-lease worker
   * (named {@code workerId}, unless {@code null}) that records the start and the number of every
   * attempt, then runs {@code body}.
   */
  private final class Attempts {
    final String q = declared("main");
    final List<Instant> starts = new CopyOnWriteArrayList<>();
    final List<Integer> numbers = new CopyOnWriteArrayList<>();
    final TaskType<TckArgs, Void> task;
    final Worker worker;

    Attempts(String name, RetryPolicy policy, @Nullable String workerId,
        JobHandler<TckArgs, Void> body) {
      task = task(name, q, policy);
      Worker.Builder builder = docket().worker().queues(q).lease(TckTime.LONG_LEASE);
      if (workerId != null) {
        builder = builder.workerId(workerId);
      }
      worker = track(builder.handle(task, (a, c) -> {
        starts.add(time.now());
        numbers.add(c.attempt());
        return body.handle(a, c);
      }).build());
    }

    /** Enqueues one job and runs its first attempt. */
    void enqueueAndRunFirst() {
      docket().enqueue(task, new TckArgs("x"));
      assertThat(runDue(worker, 1)).isEqualTo(1);
    }

    /** Expects attempt {@code n + 1} {@code delay} after attempt {@code n} started. */
    void expectNextAfter(int n, Duration delay, String what) {
      expectAttemptAt(worker, starts.get(n - 1).plus(delay), starts, what);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("R6.1 a failing job is retried after its backoff, growing per retry, never earlier")
  void r6_1_backoffIsHonoured() {
    Attempts flaky = new Attempts("tck.flaky", policy(3), null, (a, c) -> {
      if (c.attempt() < 3) {
        throw new TckFailure("attempt " + c.attempt() + " fails");
      }
      return null;
    });
    docket().enqueue(flaky.task, new TckArgs("x"));
    assertThat(runDue(flaky.worker, 1)).as("first attempt").isEqualTo(1);
    assertThatQueue(flaky.q).as("after the first failure").hasDelayed(1);

    flaky.expectNextAfter(1, unit(), "retry 1");
    flaky.expectNextAfter(2, unit().multipliedBy(2), "retry 2");
    assertThat(flaky.starts).as("attempts").hasSize(3);
    assertThatQueue(flaky.q).as("after the third attempt succeeded").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R6.2 a job that fails every attempt is dead-lettered after maxRetries retries")
  void r6_2_exhaustedRetriesGoToDeadLetters() {
    Attempts doomed = new Attempts("tck.doomed", policy(2), "tck-retry-worker", (a, c) -> {
      throw new TckFailure("always fails");
    });
    doomed.enqueueAndRunFirst();
    doomed.expectNextAfter(1, unit(), "retry 1");
    doomed.expectNextAfter(2, unit().multipliedBy(2), "retry 2");

    assertThat(doomed.numbers).as("attempt numbers the handler saw").containsExactly(1, 2, 3);
    assertThatQueue(doomed.q).as("after the last retry failed").hasCounts(0, 0, 0, 1);
    DeadLetter dead = firstDeadLetter(doomed.q);
    JobFailure f = dead.failure();
    assertThat(f.reason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
    assertThat(f.attempts()).as("attempts recorded in the failure").isEqualTo(3);
    assertThat(f.errorClass()).isEqualTo(TckFailure.class.getName());
    assertThat(f.message()).contains("always fails");
    assertThat(f.workerId()).isEqualTo("tck-retry-worker");
    time.advance(afterEverything());
    assertThat(doomed.worker.runDue()).as("runs after the job was dead-lettered").isZero();
  }

  @Test
  @Tag("required")
  @DisplayName("R6.3 a RetryLaterException delay is honoured instead of the policy's backoff")
  void r6_3_retryLaterDelayIsHonoured() {
    // A huge policy backoff: if the runtime or broker used it, the retry would not come.
    RetryPolicy slow = RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ofDays(1))
        .maxBackoff(Duration.ofDays(1)).jitter(0).build();
    Duration later = unit().multipliedBy(2);
    Attempts limited = new Attempts("tck.later", slow, null, (a, c) -> {
      if (c.attempt() == 1) {
        throw new RetryLaterException(later, "rate limited");
      }
      return null;
    });
    limited.enqueueAndRunFirst();
    limited.expectNextAfter(1, later, "the retry after " + later);
    assertThatQueue(limited.q).as("after the retry succeeded").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R6.4 a NonRetryableException dead-letters the job at once, without retries")
  void r6_4_nonRetryableSkipsRetries() {
    Attempts fatal = new Attempts("tck.fatal", policy(5), null, (a, c) -> {
      throw new NonRetryableException("bad request, retrying cannot help");
    });
    fatal.enqueueAndRunFirst();
    assertThatQueue(fatal.q).as("after a non-retryable failure").hasCounts(0, 0, 0, 1);
    time.advance(afterEverything());
    assertThat(fatal.worker.runDue()).as("retries of a non-retryable failure").isZero();
    assertThat(fatal.numbers).containsExactly(1);
    JobFailure f = firstDeadLetter(fatal.q).failure();
    assertThat(f.reason()).isEqualTo(FailureReason.NON_RETRYABLE);
    assertThat(f.attempts()).isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("R6.5 an exception type the policy lists as non-retryable dead-letters at once")
  void r6_5_policyNonRetryableTypeSkipsRetries() {
    RetryPolicy p = RetryPolicy.from(policy(5)).nonRetryable(IllegalArgumentException.class)
        .build();
    Attempts invalid = new Attempts("tck.invalid", p, null, (a, c) -> {
      throw new IllegalArgumentException("invalid input");
    });
    invalid.enqueueAndRunFirst();
    assertThatQueue(invalid.q).hasCounts(0, 0, 0, 1);
    assertThat(invalid.numbers).containsExactly(1);
    assertThat(firstDeadLetter(invalid.q).failure().errorClass())
        .isEqualTo(IllegalArgumentException.class.getName());
  }

  @Test
  @Tag("required")
  @DisplayName("R6.6 a job redelivered by lease expiries more often than its attempts allow is"
      + " dead-lettered (DELIVERY_LIMIT), not run")
  void r6_6_crashLoopEndsInDeadLetters() throws InterruptedException {
    String q = declared("main");
    TaskType<TckArgs, Void> task = task("tck.crashy", q, policy(1));
    docket().enqueue(task, new TckArgs("poison"));
    Duration lease = time.shortLease();
    // Two workers in a row take the job and die (2 = maxRetries + 1 deliveries).
    for (int i = 1; i <= 2; i++) {
      List<Delivery> taken = broker.fetch(FetchRequest.of(q, 1, lease,
          ctx.timeouts().event().plus(lease)));
      assertThat(taken).as("delivery %d to a worker that dies", i).hasSize(1);
      assertThat(taken.get(0).deliveryCount()).isEqualTo(i);
      time.advance(lease.plusMillis(1));
    }
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Worker worker = longLeaseWorker(q, task, (a, c) -> {
      attempts.add(c.attempt());
      return null;
    });
    assertThat(runDue(worker, 1)).isEqualTo(1);
    assertThat(attempts).as("a job past its delivery limit must not run again").isEmpty();
    assertThatQueue(q).hasCounts(0, 0, 0, 1);
    JobFailure f = firstDeadLetter(q).failure();
    assertThat(f.reason()).isEqualTo(FailureReason.DELIVERY_LIMIT);
    assertThat(f.attempts()).isEqualTo(3);
  }
}
