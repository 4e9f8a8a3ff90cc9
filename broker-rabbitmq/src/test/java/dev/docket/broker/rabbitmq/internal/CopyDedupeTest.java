package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.BrokerUnavailableException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.TestServers;
import dev.docket.tck.fault.TcpProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a job RabbitMQ holds twice (a publish whose confirm was lost, sent again with the
 * same id) runs once. A copy fetched while another lease of the job is alive waits; a copy of a
 * completed run is dropped; a copy whose first lease was lost runs, but only once that lease
 * could have expired. A publish whose outcome is unknown throws instead of being sent again
 * silently.
 */
class CopyDedupeTest {
  private static final Duration LEASE = Duration.ofSeconds(2);

  private static String queue(String name) {
    return "test-copies-" + UUID.randomUUID().toString().substring(0, 8) + "." + name;
  }

  /** Two copies of one enqueue, as a lost confirm and its retry leave them. */
  private static void twoCopies(RabbitCore broker, String q, String id) {
    broker.declareQueue(q);
    Stored s = new Stored(q, id, new byte[] {1}, Map.of(), 0, Instant.now(), 0, 0, null, null,
        Incarnations.fresh());
    Outgoing copy = Outgoing.toQueue(Topology.band(q, 0), s);
    broker.publisher().publish(List.of(copy, copy));
    Awaitility.await("both copies stored").atMost(Duration.ofSeconds(10))
        .until(() -> broker.stats(q).ready() == 2);
  }

  private static List<Delivery> fetch(RabbitCore broker, String q, Duration wait)
      throws InterruptedException {
    return broker.fetch(FetchRequest.of(q, 10, LEASE, wait));
  }

  @Test
  @DisplayName("a copy waits while the first copy runs and is dropped once it completed")
  void aCopyOfARunningJob_waits_andIsDroppedWhenItCompleted() throws Exception {
    String q = queue("hold");
    try (RabbitCore broker = RabbitCore.open(RabbitBrokerConfig.builder().uri(
        RabbitBrokerTest.uri()).build())) {
      try {
        twoCopies(broker, q, "job-1");
        List<Delivery> first = broker.fetch(FetchRequest.of(q, 10, Duration.ofMinutes(1),
            Duration.ofSeconds(5)));
        assertThat(first).as("one copy leased").hasSize(1);
        assertThat(fetch(broker, q, Duration.ofSeconds(2))).as("the copy while the first runs")
            .isEmpty();
        assertThat(broker.ack(first.get(0))).isTrue();
        Awaitility.await("the held copy dropped, the queue empty").atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
              assertThat(fetch(broker, q, Duration.ofMillis(200))).as("a run of a done job")
                  .isEmpty();
              return broker.stats(q).total() == 0;
            });
      } finally {
        broker.deleteQueue(q);
      }
    }
  }

  @Test
  @DisplayName("across processes: the copy runs only once the lost first lease has expired")
  void aCopyWhoseFirstLeaseWasLost_runsAfterThatLease_once() throws Exception {
    URI pg = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    URI store = URI.create(pg + "?table=docket_state_rabbit_copies");
    String q = queue("lost");
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).idStore(store)
        .build();
    try (PostgresStateStore keys = PostgresStateStore.connect(store.toString());
        RabbitCore second = RabbitCore.open(config)) {
      try {
        Delivery lost;
        Instant leased;
        RabbitCore first = RabbitCore.open(config);
        try {
          twoCopies(first, q, "job-2");
          leased = Instant.now();
          List<Delivery> got = fetch(first, q, Duration.ofSeconds(5));
          assertThat(got).hasSize(1);
          lost = got.get(0);
          assertThat(fetch(second, q, Duration.ofSeconds(1)))
              .as("the copy in another process while the first lease lives").isEmpty();
          // The first process loses its consuming connection without an ack but lives on (its
          // owner heartbeat still beats, its handler may still run): RabbitMQ returns the
          // delivery at once, and the run claim must keep the copy back until the lease ends.
          first.connection().abort();
          List<Delivery> again = Awaitility.await("the job again in the other process")
              .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
              .until(() -> fetch(second, q, Duration.ofMillis(200)), d -> !d.isEmpty());
          assertThat(Duration.between(leased, Instant.now())).as("not before the lost lease ended")
              .isGreaterThanOrEqualTo(LEASE);
          assertThat(again).hasSize(1);
          assertThat(again.get(0).id()).isEqualTo(lost.id());
          assertThat(second.ack(again.get(0))).isTrue();
        } finally {
          first.close();
        }

        Awaitility.await("the other copy dropped").atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
              assertThat(fetch(second, q, Duration.ofMillis(200))).as("a second run").isEmpty();
              return second.stats(q).total() == 0;
            });
      } finally {
        second.deleteQueue(q);
        keys.deleteByPrefix("docket:rabbitmq-");
      }
    }
  }

  @Test
  @DisplayName("a publish cut before its confirm throws; the retry with the same ids runs once")
  void aPublishWithALostConfirm_throws_andItsRetryRunsEachJobOnce() throws Exception {
    URI direct = RabbitBrokerTest.uri();
    String q = queue("cut");
    int jobs = 20_000;
    List<Message> batch = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      batch.add(Message.of("job-" + i, new byte[] {1}, Map.of()));
    }
    try (TcpProxy proxy = TcpProxy.start(new InetSocketAddress(direct.getHost(),
            direct.getPort()));
        RabbitCore consumer = RabbitCore.open(RabbitBrokerConfig.builder().uri(direct).build());
        RabbitCore producer = RabbitCore.open(RabbitBrokerConfig.builder().uri(URI.create(
            "amqp://guest:guest@127.0.0.1:" + proxy.address().getPort() + "/%2F")).build())) {
      try {
        consumer.declareQueue(q);
        CompletableFuture<List<PublishOutcome>> sending =
            CompletableFuture.supplyAsync(() -> producer.publish(q, batch));
        Awaitility.await("part of the batch stored").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20)).until(() -> consumer.stats(q).ready() > 0);
        proxy.cutAll();
        assertThatThrownBy(sending::join).as("the publish whose confirms were cut off")
            .hasCauseInstanceOf(BrokerUnavailableException.class)
            .hasMessageContaining("may or may not be stored");
        long stored = consumer.stats(q).ready();
        assertThat(stored).as("copies already stored by the failed publish").isPositive();

        List<PublishOutcome> retry = Awaitility.await("the retry through the reconnected link")
            .atMost(Duration.ofSeconds(30)).ignoreException(BrokerUnavailableException.class)
            .until(() -> producer.publish(q, batch), r -> true);
        assertThat(retry).as("the retry").hasSize(jobs).containsOnly(PublishOutcome.ACCEPTED);

        Map<String, Integer> runs = new HashMap<>();
        Awaitility.await("every job run and the queue drained").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(10)).until(() -> {
              for (Delivery d : consumer.fetch(FetchRequest.of(q, 500, Duration.ofMinutes(1),
                  Duration.ofMillis(500)))) {
                runs.merge(d.id(), 1, Integer::sum);
                assertThat(consumer.ack(d)).isTrue();
              }
              return runs.size() == jobs && consumer.stats(q).total() == 0;
            });
        assertThat(runs.values()).as("runs per job (%d copies were stored twice)", stored)
            .containsOnly(1);
      } finally {
        consumer.deleteQueue(q);
      }
    }
  }
}
