package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.tck.fault.LeaseHolder;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 on RabbitMQ: RabbitMQ hands a SIGKILLed worker's deliveries back at once, and the run
 * claims it held in the shared store no longer keep them waiting for their 30 s lease: its owner
 * heartbeat stops, and once it is {@code ownerTimeout} (4 s) old the claims are taken over. A
 * live worker's job is never handed to anyone else meanwhile.
 */
class RabbitOwnerRecoveryTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final String queue = "recovery-" + UUID.randomUUID();
  private final List<RabbitBroker> open = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (RabbitBroker b : open) {
      b.close();
    }
    try (RabbitBroker b = RabbitBroker.create(RabbitTestSupport.config().build())) {
      b.deleteQueue(queue);
    }
  }

  private static URI idStore() {
    URI postgres = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return URI.create(postgres + "?table=docket_state_rabbit_recovery");
  }

  private RabbitBroker broker(int prefetch) {
    RabbitBroker b = RabbitBroker.create(RabbitTestSupport.config().idStore(idStore())
        .prefetch(prefetch).build());
    open.add(b);
    return b;
  }

  @Test
  void sigkilledWorker_jobsRunAgainWithinFiveSeconds_liveWorkerKeepsItsJob() throws Exception {
    RabbitBroker producer = broker(0);
    producer.declareQueue(queue);
    producer.publish(queue, List.of(Message.of("kept", new byte[] {0}, Map.of())));
    // Prefetch 1: holding its one lease, the live worker is pushed nothing else.
    RabbitBroker live = broker(1);
    List<Delivery> kept = live.fetch(FetchRequest.of(queue, 1, LEASE, Duration.ofSeconds(5)));
    assertThat(kept).extracting(Delivery::id).containsExactly("kept");
    List<Message> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(Message.of("job-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    producer.publish(queue, jobs);
    // Closing it is SIGKILL: no close, the heartbeat just stops.
    try (LeaseHolder child = LeaseHolder.start(RabbitLeaseHolderMain.class,
        RabbitTestSupport.uri().toString(), idStore().toString(), queue, "3")) {
      assertThat(child.leased()).isEqualTo(3);
    }
    long killedAt = System.nanoTime();
    RabbitBroker survivor = broker(0);
    List<Delivery> again = new CopyOnWriteArrayList<>();
    // The lease alone would keep them 30 s; the owner timeout is 4 s.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      again.addAll(survivor.fetch(FetchRequest.of(queue, 3, LEASE, Duration.ofMillis(200))));
      return again.size() >= 3;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrder("job-0", "job-1",
        "job-2");
    // The live worker's job was never handed out a second time, long past the owner timeout.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        survivor.fetch(FetchRequest.of(queue, 3, LEASE, Duration.ofMillis(200))).isEmpty());
    assertThat(live.ack(kept.get(0))).isTrue();
    for (Delivery d : again) {
      assertThat(survivor.ack(d)).isTrue();
    }
  }
}
