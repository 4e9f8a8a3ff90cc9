package dev.docket.broker.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.JobRequest;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A busy worker on SQS asks for ten per receive ({@code Capabilities.fetchBatch}) instead of a
 * receive per freed slot, and once the backlog is gone a lone job still starts at once.
 */
class SqsFetchBatchTest {

  private static final int JOBS = 300;

  @Test
  void backlog_receivesBringFullBatches_andALoneJobAfterwardsStartsAtOnce() throws Exception {
    // Jobs of 40-60 ms on ten slots free a slot every few ms, so without the batch each receive
    // asks for the one or two slots that freed meanwhile: 118-119 receives brought these 300 jobs
    // on the code before, against 40-41 with it (and 34-54 with 1-3 ms jobs, too close to tell).
    SqsBroker b = SqsBroker.create(ElasticMq.config("fb-").build());
    assertThat(b.capabilities().fetchBatch()).isEqualTo(10);
    String q = ElasticMq.queue("fb");
    TaskType<Integer, Void> task = TaskType.builder("fb", Integer.class, Void.class).queue(q)
        .build();
    try (Docket docket = Docket.builder().broker(b).build()) {
      List<JobRequest<?>> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(JobRequest.of(task, i));
      }
      docket.enqueueAll(jobs);
      ReceiveTally before = b.receiveTally();
      AtomicInteger done = new AtomicInteger();
      try (Worker w = docket.worker().queues(q).concurrency(10).handle(task, (n, ctx) -> {
        LockSupport.parkNanos((40 + n % 3 * 10) * 1_000_000L); // the job's work: 40 to 60 ms
        done.incrementAndGet();
        return null;
      }).start()) {
        await().atMost(Duration.ofSeconds(90)).until(() -> done.get() == JOBS);
        ReceiveTally tally = b.receiveTally().minus(before);
        assertThat(tally.messages()).as("messages received").isGreaterThanOrEqualTo(JOBS);
        // 30 if every receive brought ten; some bring fewer (while fetched jobs wait for slots a
        // fetch asks only for its own, and the backlog's end brings what is left).
        assertThat(tally.fruitful()).as("receives that brought the %d jobs", JOBS)
            .isBetween(30L, 80L);

        long start = System.nanoTime();
        docket.enqueue(task, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == JOBS + 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("a lone job on a worker that is no longer busy")
            .isLessThan(Duration.ofMillis(1500));
      }
      assertThat(b.stats(q).total()).isZero();
    }
  }
}
