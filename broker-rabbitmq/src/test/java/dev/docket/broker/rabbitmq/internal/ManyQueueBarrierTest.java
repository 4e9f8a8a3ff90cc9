package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker serving many queues, whose jobs come from its last queue: the strict-order barrier
 * before each of those jobs must not ask RabbitMQ about every earlier band queue again and
 * again. Found by the queue-count curve: at 100 queues (300 band queues) the background
 * refreshes of the barrier's answers sent about 3.5 passive declares per job, one per earlier
 * band queue and fetch, and its own checks queued behind them on the admin channel.
 */
class ManyQueueBarrierTest extends CoreTestBase {
  private static final int QUEUES = 30;
  private static final Duration LEASE = Duration.ofSeconds(30);
  /** Long enough for many refresh periods ({@link Source#RECHECK_NANOS}, 50 ms). */
  private static final Duration STEADY = Duration.ofSeconds(2);

  ManyQueueBarrierTest() {
    super("test-manyq-");
  }

  @Test
  void fetchFromLastOfManyQueues_steadyJobs_barrierRefreshesABoundedNumberOfTimes()
      throws Exception {
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < QUEUES; i++) {
      String q = queueName("q" + i);
      broker.declareQueue(q);
      queues.add(q);
    }
    String last = queues.get(QUEUES - 1);
    // Another client publishes: this one's own publishes make the barrier ask and wait, which
    // is not what is measured here.
    try (RabbitCore producer = RabbitCore.open(config)) {
      FetchRequest request = new FetchRequest(queues, 1, LEASE, Duration.ofSeconds(10));
      // The first fetch asks about every new source once, waiting for the answers.
      producer.publish(last, List.of(job()));
      ackAll(fetchOne(request, last));

      long asked = broker.admin().counts();
      long start = System.nanoTime();
      int jobs = 0;
      while (System.nanoTime() - start < STEADY.toNanos()) {
        producer.publish(last, List.of(job()));
        ackAll(fetchOne(request, last));
        jobs++;
      }
      long elapsed = System.nanoTime() - start;
      long refreshes = broker.admin().counts() - asked;
      // At most one batch per refresh period, plus one in flight at each end, plus one check of
      // each band queue the first fetch had no time left to ask about (its barrier is bounded).
      int bandQueues = QUEUES * Topology.bands(config);
      long bound = bandQueues + Fetcher.REFRESH_BATCH * (elapsed / Source.RECHECK_NANOS + 2);
      assertThat(refreshes)
          .as("passive declares while fetching %d jobs from the last of %d queues (%d band"
              + " queues) in %d ms", jobs, QUEUES, bandQueues, elapsed / 1_000_000)
          .isLessThanOrEqualTo(bound);
    }
  }

  private List<Delivery> fetchOne(FetchRequest request, String queue)
      throws InterruptedException {
    List<Delivery> got = broker.fetch(request);
    assertThat(got).as("a job from %s", queue).hasSize(1);
    assertThat(got.get(0).queue()).isEqualTo(queue);
    return got;
  }

  private void ackAll(List<Delivery> got) {
    for (Delivery d : got) {
      assertThat(broker.ack(d)).isTrue();
    }
  }

  private static Message job() {
    return Message.of(UUID.randomUUID().toString(), new byte[] {1}, Map.of());
  }
}
