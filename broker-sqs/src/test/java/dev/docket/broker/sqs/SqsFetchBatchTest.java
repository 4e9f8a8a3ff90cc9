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
import java.util.Map;
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
    // Without the batch, each receive asks for the few slots that freed meanwhile: 61 receives
    // for these 300 jobs on the code before.
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
      Map<String, Long> before = b.requestCounts();
      AtomicInteger done = new AtomicInteger();
      try (Worker w = docket.worker().queues(q).concurrency(10).handle(task, (n, ctx) -> {
        LockSupport.parkNanos((1 + n % 3) * 1_000_000L); // the job's work: 1 to 3 ms
        done.incrementAndGet();
        return null;
      }).start()) {
        await().atMost(Duration.ofSeconds(90)).until(() -> done.get() == JOBS);
        long receives = b.requestCounts().getOrDefault("ReceiveMessage", 0L)
            - before.getOrDefault("ReceiveMessage", 0L);
        // 30 if every receive brought ten; some bring fewer (while fetched jobs wait for slots a
        // fetch asks only for its own), and the end of the backlog and empty long polls add some.
        assertThat(receives).as("receives for %d jobs", JOBS).isBetween(30L, 52L);

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
