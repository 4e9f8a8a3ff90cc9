package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.docket.broker.rabbitmq.internal.Topology;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.tck.TestServers;
import dev.docket.tck.fault.LeaseHolder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 on RabbitMQ: RabbitMQ hands a SIGKILLed worker's deliveries back at once, and the run
 * claims it held in the shared store no longer keep them waiting for their 30 s lease: its owner
 * heartbeat stops, and once it is {@code ownerTimeout} (3 s) old the claims are taken over. A
 * live worker's job is never handed to anyone else meanwhile. A copy that finds a claim held
 * waits in the process that received it, not at the tail of the queue; so does a delivery
 * RabbitMQ returned, its lost delivery counted in the shared store instead of in a copy.
 */
class RabbitOwnerRecoveryTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final int HELD_BACKLOG = 300;
  private static final int RETURNED_BACKLOG = 1_000;

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
    producer.publish(queue, messages("job-", 3));
    // Closing it is SIGKILL: no close, the heartbeat just stops.
    try (LeaseHolder child = LeaseHolder.start(RabbitLeaseHolderMain.class,
        RabbitTestSupport.uri().toString(), idStore().toString(), queue, "3")) {
      assertThat(child.leased()).isEqualTo(3);
    }
    long killedAt = System.nanoTime();
    RabbitBroker survivor = broker(0);
    List<Delivery> again = new CopyOnWriteArrayList<>();
    // The lease alone would keep them 30 s; the owner timeout is 3 s.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      again.addAll(survivor.fetch(FetchRequest.of(queue, 3, LEASE, Duration.ofMillis(200))));
      return again.size() >= 3;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrder("job-0", "job-1",
        "job-2");
    // The live worker's job was never handed out a second time, long past the owner timeout.
    fetchesNothing(survivor, Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(live.ack(kept.get(0))).isTrue();
    for (Delivery d : again) {
      assertThat(survivor.ack(d)).isTrue();
    }
  }

  @Test
  void sigkilledWorker_returnedJobsRunAheadOfBacklog_countedOnce() throws Exception {
    RabbitBroker producer = broker(0);
    producer.declareQueue(queue);
    producer.publish(queue, messages("job-", 3));
    try (LeaseHolder child = LeaseHolder.start(RabbitLeaseHolderMain.class,
        RabbitTestSupport.uri().toString(), idStore().toString(), queue, "3")) {
      assertThat(child.leased()).isEqualTo(3);
      producer.publish(queue, backlog(RETURNED_BACKLOG));
    }
    // Killed: RabbitMQ returns the three at once; their claims stay held for the owner timeout
    // (3 s). A survivor taking one job every 10 ms meanwhile serves about 300 of the backlog; a
    // counted copy published at the tail would come only after all of it (10 s).
    RabbitBroker survivor = broker(0);
    List<Delivery> again = new CopyOnWriteArrayList<>();
    int before = serveUntil(survivor, "job-", 3, again, Duration.ofSeconds(8),
        Duration.ofMillis(10));
    assertThat(before).isLessThan(RETURNED_BACKLOG);
    assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrder("job-0", "job-1",
        "job-2");
    // One lost delivery each, counted once in the shared store, though held and re-asked.
    assertThat(again).extracting(Delivery::deliveryCount).containsOnly(2);
    for (Delivery d : again) {
      assertThat(survivor.ack(d)).isTrue();
    }
  }

  /** {@code n} backlog jobs, {@code b-0} on. */
  private static List<Message> backlog(int n) {
    return messages("b-", n);
  }

  /** {@code n} jobs with ids {@code prefix0} on, each with its own body. */
  private static List<Message> messages(String prefix, int n) {
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Message.of(prefix + i, (prefix + i).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    return out;
  }

  /**
   * Takes one job from {@code b} every {@code poll}, acking backlog jobs, until {@code wanted}
   * jobs whose id starts with {@code prefix} came (kept in {@code found}, not acked); answers
   * how many backlog jobs were served before them.
   */
  private int serveUntil(RabbitBroker b, String prefix, int wanted, List<Delivery> found,
      Duration atMost, Duration poll) {
    AtomicInteger before = new AtomicInteger();
    await().atMost(atMost).pollInterval(poll).until(() -> {
      for (Delivery d : b.fetch(FetchRequest.of(queue, 1, LEASE, Duration.ofMillis(50)))) {
        if (d.id().startsWith(prefix)) {
          found.add(d);
        } else {
          before.incrementAndGet();
          assertThat(b.ack(d)).isTrue();
        }
      }
      return found.size() >= wanted;
    });
    return before.get();
  }

  /**
   * Keeps fetching from {@code b} for {@code during} (failing after {@code atMost}) and requires
   * that nothing comes. Every fetched delivery is kept: a wrong fetch leases its delivery away,
   * so a check of each fetch alone would pass again once the lease hides it.
   */
  private void fetchesNothing(RabbitBroker b, Duration during, Duration atMost) {
    List<Delivery> got = new CopyOnWriteArrayList<>();
    await().during(during).atMost(atMost).until(() -> {
      got.addAll(b.fetch(FetchRequest.of(queue, 5, LEASE, Duration.ofMillis(200))));
      return got.isEmpty();
    });
    assertThat(got).isEmpty();
  }

  /** Puts a second, identical copy of the one message in the queue (a resent publish). */
  private void duplicateTheMessage() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(RabbitTestSupport.uri());
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      String amqp = Topology.band(queue, 0);
      AtomicReference<GetResponse> got = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        got.set(ch.basicGet(amqp, false));
        return got.get() != null;
      });
      ch.confirmSelect();
      for (int i = 0; i < 2; i++) {
        ch.basicPublish("", amqp, got.get().getProps(), got.get().getBody());
      }
      ch.waitForConfirmsOrDie(5_000);
      ch.basicAck(got.get().getEnvelope().getDeliveryTag(), false);
    }
  }

  @Test
  void heldCopy_neverRunsWhileHolderLives_runsAheadOfBacklogOnceHolderIsGone()
      throws Exception {
    RabbitBroker producer = broker(0);
    producer.declareQueue(queue);
    producer.publish(queue, List.of(Message.of("dup", new byte[] {1}, Map.of())));
    duplicateTheMessage();
    RabbitBroker holder = broker(1);
    List<Delivery> running = holder.fetch(FetchRequest.of(queue, 1, LEASE,
        Duration.ofSeconds(5)));
    assertThat(running).extracting(Delivery::id).containsExactly("dup");
    RabbitBroker other = broker(0);
    // The holder beats: its copy is never handed out, long past the owner timeout (3 s).
    fetchesNothing(other, Duration.ofSeconds(4), Duration.ofSeconds(6));
    producer.publish(queue, backlog(HELD_BACKLOG));
    // A clean close deletes the holder's heartbeat: its claim is free at once.
    holder.close();
    long closed = System.nanoTime();
    List<Delivery> copy = new CopyOnWriteArrayList<>();
    int before = serveUntil(other, "dup", 1, copy, Duration.ofSeconds(10), Duration.ofMillis(1));
    Duration took = Duration.ofNanos(System.nanoTime() - closed);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    // Published again it would have come after the whole backlog.
    assertThat(before).isLessThan(HELD_BACKLOG);
    assertThat(other.ack(copy.get(0))).isTrue();
  }
}
