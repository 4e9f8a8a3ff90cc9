package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.2: every hop of a delay is at least once. The node-level faults run on a private
 * node ({@link PrivateNode}); the configuration mismatch on the shared one.
 */
@Tag("serial") // uses the fixed private node on port 5681: runs alone (broker-rabbitmq/pom.xml)
class DelayTierSafetyTest {
  private static PrivateNode node;

  @BeforeAll
  static void startNode() {
    node = PrivateNode.start();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private static String queue(String name) {
    return "test-tier-" + UUID.randomUUID().toString().substring(0, 8) + "." + name;
  }

  private static Message delayed(String id, Duration delay) {
    return new Message(id, id.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), 0,
        Instant.now().plus(delay));
  }

  private static List<Delivery> awaitJob(RabbitCore broker, String q, Duration within) {
    return Awaitility.await("the delayed job in its queue").atMost(within)
        .pollInterval(Duration.ZERO)
        .until(() -> broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1),
            Duration.ofMillis(500))), got -> !got.isEmpty());
  }

  /** Opens a broker on {@code config} and publishes the job {@code id} to {@code q}, delayed. */
  private static RabbitCore openWithDelayed(RabbitBrokerConfig config, String q, String id,
      Duration delay) {
    RabbitCore broker = RabbitCore.open(config);
    try {
      broker.declareQueue(q);
      broker.publish(q, List.of(delayed(id, delay)));
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** Waits for the delayed job {@code id} on {@code q}, acks it and returns its delivery. */
  private static Delivery takeJob(RabbitCore broker, String q, String id, Duration within) {
    Delivery got = awaitJob(broker, q, within).get(0);
    assertThat(got.id()).isEqualTo(id);
    assertThat(broker.ack(got)).isTrue();
    return got;
  }

  /** What a test does while its delayed job waits. */
  private interface WhileDelayed {
    void run(RabbitBrokerConfig config, String q, RabbitCore broker) throws Exception;
  }

  /**
   * Runs {@code body} on the private node with the job {@code id} published {@code delay} ahead
   * to a fresh queue named after it; deletes the queue afterwards, whatever happened.
   */
  private static void withDelayedJob(String id, Duration delay, WhileDelayed body)
      throws Exception {
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(node.uri()).build();
    String q = queue(id);
    try (RabbitCore broker = openWithDelayed(config, q, id, delay)) {
      body.run(config, q, broker);
    } finally {
      deleteQueue(config, q);
    }
  }

  /** Deletes {@code q} through a fresh broker, whatever state the test left its own in. */
  private static void deleteQueue(RabbitBrokerConfig config, String q) {
    try (RabbitCore admin = RabbitCore.open(config)) {
      admin.deleteQueue(q);
    }
  }

  @Test
  @DisplayName("issue 10.2: a delayed job survives the loss of its last hop's binding")
  void item2_delayedJobSurvivesALostBinding() throws Exception {
    withDelayedJob("lost-binding", Duration.ofMillis(1500), (config, q, broker) -> {
      // The binding from the last hop to the work queue goes while the job waits in a tier.
      broker.admin().run("unbind", ch -> ch.queueUnbind(q, Topology.DELIVER,
          Topology.deliverPattern(0, q)));
      // The job's last hop comes due after 1.5 s and now finds no route: for 3 s nothing
      // arrives. Every fetch is kept: one that found the job leased it away for a minute, so
      // the fetches after it would be empty again.
      List<Delivery> got = new CopyOnWriteArrayList<>();
      Awaitility.await("nothing routable while the binding is gone")
          .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> {
            got.addAll(broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1),
                Duration.ZERO)));
            return got.isEmpty();
          });
      assertThat(got).isEmpty();
      try (RabbitCore restarted = RabbitCore.open(config)) {
        restarted.declareQueue(q); // a process starting up binds the queue again
      }
      takeJob(broker, q, "lost-binding", Duration.ofSeconds(30));
    });
  }

  @Test
  @DisplayName("issue 10.2: a delayed job survives a node restart while it waits in a tier")
  void item2_delayedJobSurvivesANodeRestart() throws Exception {
    withDelayedJob("restart", Duration.ofSeconds(3), (config, q, broker) -> {
      node.restartApp();
      Delivery got = takeJob(broker, q, "restart", Duration.ofSeconds(60));
      assertThat(got.deliveryCount()).isEqualTo(1);
    });
  }

  @Test
  @DisplayName("issue 10.2: a process whose priority bands differ from the queue's is refused")
  void item2_aDifferentlyConfiguredProcessIsRefused() {
    RabbitBrokerConfig three = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).build();
    RabbitBrokerConfig two = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri())
        .priorityBands(2).build();
    String q = queue("bands");
    try (RabbitCore a = RabbitCore.open(three); RabbitCore b = RabbitCore.open(two)) {
      try {
        a.declareQueue(q);
        assertThatThrownBy(() -> b.publish(q, List.of(delayed("job", Duration.ofSeconds(1)))))
            .isInstanceOf(InvalidConfigException.class)
            .hasMessageContaining(RabbitBrokerConfig.PRIORITY_BANDS)
            .hasMessageContaining(q + "~p2");
      } finally {
        a.deleteQueue(q);
      }
    }
  }
}
