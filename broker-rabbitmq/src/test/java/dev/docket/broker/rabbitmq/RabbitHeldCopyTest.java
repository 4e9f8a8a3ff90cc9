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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A copy of a job whose run another process's lease holds waits in the fetching process, not at
 * the tail of the queue: it is never run while the holder beats, and once the holder is gone it
 * runs within about one re-ask interval, ahead of a backlog published after it.
 */
class RabbitHeldCopyTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final int BACKLOG = 300;

  private final String queue = "held-copy-" + UUID.randomUUID();
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
    return URI.create(postgres + "?table=docket_state_rabbit_held");
  }

  private RabbitBroker broker(int prefetch) {
    RabbitBroker b = RabbitBroker.create(RabbitTestSupport.config().idStore(idStore())
        .prefetch(prefetch).build());
    open.add(b);
    return b;
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
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
        other.fetch(FetchRequest.of(queue, 5, LEASE, Duration.ofMillis(200))).isEmpty());
    List<Message> backlog = new ArrayList<>();
    for (int i = 0; i < BACKLOG; i++) {
      backlog.add(Message.of("b-" + i, ("b" + i).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    producer.publish(queue, backlog);
    // A clean close deletes the holder's heartbeat: its claim is free at once.
    holder.close();
    long closed = System.nanoTime();
    AtomicInteger before = new AtomicInteger();
    AtomicReference<Delivery> copy = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> {
      for (Delivery d : other.fetch(FetchRequest.of(queue, 1, LEASE, Duration.ofMillis(100)))) {
        if (d.id().equals("dup")) {
          copy.set(d);
        } else {
          before.incrementAndGet();
          assertThat(other.ack(d)).isTrue();
        }
      }
      return copy.get() != null;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - closed);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    // Published again it would have come after the whole backlog.
    assertThat(before.get()).isLessThan(BACKLOG);
    assertThat(other.ack(copy.get())).isTrue();
  }
}
