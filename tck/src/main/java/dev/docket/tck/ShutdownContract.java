package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.JobHandler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R9: a worker's shutdown stops fetching, lets running jobs finish within the grace period, and
 * hands the rest back to the broker at once rather than after their lease. The hand-back is
 * {@link dev.docket.spi.Broker#release} with no delay, so the broker must make it visible at
 * once. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class ShutdownContract extends BrokerContract {

  private TaskType<TckArgs, Void> task(String q) {
    return plainTask("tck.shutdown", q);
  }

  private static void await(CountDownLatch latch, Duration bound, String what)
      throws InterruptedException {
    assertThat(latch.await(bound.toMillis(), TimeUnit.MILLISECONDS)).as(what).isTrue();
  }

  /**
   * Starts a worker on {@code q} whose handler runs {@code body}, enqueues one job with {@code
   * arg} and returns the worker once that job has started.
   */
  private Worker runningOneJob(String q, String arg, JobHandler<TckArgs, Void> body)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Worker worker = startedWorker(q, task(q), (a, c) -> {
      started.countDown();
      return body.handle(a, c);
    });
    docket().enqueue(task(q), new TckArgs(arg));
    await(started, ctx.timeouts().event(), "the job started");
    return worker;
  }

  @Test
  @Tag("required")
  @DisplayName("R9.1 a job that finishes within the grace period completes and is acked; nothing"
      + " is handed back")
  void r9_1_graceLetsRunningJobFinish() throws Exception {
    String q = declared("main");
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    Worker worker = runningOneJob(q, "x", (a, c) -> {
      proceed.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
      finished.incrementAndGet();
      return null;
    });

    CompletableFuture<Integer> handedBack =
        CompletableFuture.supplyAsync(() -> worker.shutdown(ctx.timeouts().bulk()));
    Awaitility.await("the worker to stop fetching").atMost(ctx.timeouts().event())
        .until(() -> !worker.isRunning());
    proceed.countDown();
    assertThat(handedBack.get(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS))
        .as("jobs handed back when the job finished within the grace").isZero();
    assertThat(finished.get()).isEqualTo(1);
    assertThatQueue(q).as("after a graceful shutdown").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R9.2 a job still running when the grace period ends is handed back at once,"
      + " visible to a fetch long before its lease would end")
  void r9_2_jobPastGraceIsHandedBackAtOnce() throws Exception {
    String q = declared("main");
    Worker worker = runningOneJob(q, "stuck", (a, c) -> {
      // Runs until interrupted by the shutdown (bounded so a bug cannot hang the build).
      new CountDownLatch(1).await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
      return null;
    });

    Duration grace = Duration.ofMillis(300);
    long t0 = System.nanoTime();
    int handedBack = worker.shutdown(grace);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(handedBack).as("jobs handed back").isEqualTo(1);
    assertThat(took).as("shutdown must wait the grace period for the running job")
        .isGreaterThanOrEqualTo(grace);
    assertThat(took).as("shutdown must not wait much past its grace period")
        .isLessThan(grace.plus(ctx.timeouts().event()));

    // The lease is 5 minutes and the manual clock has not moved: only a hand-back explains this.
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(d.deliveryCount()).as("the handed-back job's next delivery").isEqualTo(2);
  }

  @Test
  @Tag("required")
  @DisplayName("R9.3 a worker that has shut down fetches nothing more")
  void r9_3_noFetchAfterShutdown() {
    String q = declared("main");
    AtomicInteger runs = new AtomicInteger();
    Worker worker = startedWorker(q, task(q), (a, c) -> {
      runs.incrementAndGet();
      return null;
    });
    assertThat(worker.shutdown(ctx.timeouts().event())).isZero();
    assertThat(worker.isRunning()).isFalse();
    docket().enqueue(task(q), new TckArgs("after shutdown"));
    // Watch for a while: a fetch loop that survived shutdown would take the job.
    Awaitility.await("the job to stay untouched").during(ctx.timeouts().quietPeriod())
        .atMost(ctx.timeouts().quietPeriod().plus(ctx.timeouts().event()))
        .until(() -> runs.get() == 0 && broker.stats(q).ready() == 1);
    assertThat(runs.get()).isZero();
    List<Delivery> left = awaitDeliveries(List.of(q), 1, TckTime.LONG_LEASE);
    assertThat(left.get(0).deliveryCount()).as("the job was never delivered to the stopped worker")
        .isEqualTo(1);
  }
}
