package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import dev.docket.DocketException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** RabbitMQ-specific behaviour on the real server: delay tiers, bands, confirms, DLQ layout. */
class RabbitBrokerTest extends CoreTestBase {
  private static final Duration LONG = Duration.ofMinutes(5);


  RabbitBrokerTest() {
    super("test-rabbit-");
  }

  static URI uri() {
    return TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"));
  }

  private String queue(String name) {
    String q = queueName(name);
    broker.declareQueue(q);
    return q;
  }

  private static Message job(String id, int priority, Instant notBefore) {
    return new Message(id, id.getBytes(StandardCharsets.UTF_8), Map.of("docket-task", "t"),
        priority, notBefore);
  }

  private List<Delivery> fetch(String q, int max) throws InterruptedException {
    return broker.fetch(FetchRequest.of(q, max, LONG, Duration.ofMillis(200)));
  }

  /**
   * The next job of {@code q}, which the test expects there: the fetch blocks up to 10 s (it
   * returns as soon as one is pushed; a consumer starting on a loaded machine took over 200 ms).
   */
  private Delivery take(String q) throws InterruptedException {
    List<Delivery> got = broker.fetch(FetchRequest.of(q, 1, LONG, Duration.ofSeconds(10)));
    assertThat(got).as("a job of %s within 10 s", q).hasSize(1);
    return got.get(0);
  }

  @Test
  void delayedMessages_waitInTheTiersOfTheirSetBits_andArriveInDueOrder() throws Exception {
    String q = queue("delays");
    Instant now = Instant.now();
    // 1300 ms = 1024 + 256 + 16 + 4: four tiers; 700 ms = 512 + 128 + 32 + 16 + 8 + 4.
    broker.publish(q, List.of(job("late", 0, now.plusMillis(1300)),
        job("early", 0, now.plusMillis(700))));
    assertThat(broker.admin().count(Topology.tier(q, 10))).as("the 1024 ms tier").isEqualTo(1);
    assertThat(broker.admin().count(Topology.tier(q, 9))).as("the 512 ms tier").isEqualTo(1);
    assertThat(broker.stats(q).delayed()).isEqualTo(2);

    List<String> order = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO).until(() -> {
      for (Delivery d : fetch(q, 2)) {
        assertThat(Instant.now()).as("%s delivered early", d.id())
            .isAfterOrEqualTo(d.id().equals("late") ? now.plusMillis(1300) : now.plusMillis(700));
        order.add(d.id());
        broker.ack(d);
      }
      return order.size() == 2;
    });
    assertThat(order).containsExactly("early", "late");
  }

  /** The AMQP queues of {@code q} that exist, found with passive declares. */
  private List<String> existing(String q) {
    return Topology.allQueues(q, config).stream().filter(n -> broker.admin().count(n) >= 0)
        .toList();
  }

  @Test
  void aFreshQueue_hasOnlyItsBandsAndDlq_andADelayDeclaresJustTheTiersOfItsBits()
      throws Exception {
    String q = queue("lazy-tiers");
    assertThat(existing(q)).as("bands and DLQ only")
        .containsExactly(q, Topology.band(q, 1), Topology.band(q, 2), Topology.deadLetters(q));

    Instant due = Instant.now().plusSeconds(5);
    broker.publish(q, List.of(job("in-5s", 0, due)));
    List<String> tiers = existing(q).stream().filter(n -> n.contains("~t")).toList();
    // The tiers are exactly the set bits of the remaining delay (just under 5000 ms when routed).
    long sum = 0;
    for (String t : tiers) {
      sum += 1L << Integer.parseInt(t.substring(t.length() - 2));
    }
    assertThat(sum).as("sum of the declared tiers' TTLs").isBetween(4_000L, 5_000L);
    assertThat(tiers).hasSize(Long.bitCount(sum)).hasSizeLessThan(13);
    assertThat(existing(q)).hasSize(4 + tiers.size());

    Delivery d = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
        .until(() -> fetch(q, 1), got -> !got.isEmpty()).get(0);
    assertThat(d.id()).isEqualTo("in-5s");
    assertThat(Instant.now()).as("not early").isAfterOrEqualTo(due);
    assertThat(broker.ack(d)).isTrue();
  }

  @Test
  void tiersAreDeclaredAgainAfterARecovery() {
    String q = queue("tiers-recovery");
    Recovery recovery = new Recovery("test");
    Tiers tiers = new Tiers(broker.admin(), recovery, Topology.bands(config));
    tiers.ensure(q, 0b101);
    assertThat(broker.admin().count(Topology.tier(q, 0))).isZero();
    assertThat(broker.admin().count(Topology.tier(q, 1))).as("bit 1 not set").isEqualTo(-1);
    broker.admin().run("delete", ch -> ch.queueDelete(Topology.tier(q, 2)));
    tiers.ensure(q, 0b100);
    assertThat(broker.admin().count(Topology.tier(q, 2))).as("cached within the epoch")
        .isEqualTo(-1);
    recovery.handleRecoveryStarted(null);
    tiers.ensure(q, 0b100);
    assertThat(broker.admin().count(Topology.tier(q, 2))).as("declared again after recovery")
        .isZero();
  }

  @Test
  void aDelayBeyondOnePassOfTheTiers_parksInTheTopTier() {
    String q = queue("forty-days");
    broker.publish(q, List.of(job("far", 0, Instant.now().plus(Duration.ofDays(40)))));
    // 40 days > 2^31 ms: the first pass starts in the 2^31 ms tier.
    assertThat(broker.admin().count(Topology.tier(q, 31))).isEqualTo(1);
    assertThat(broker.stats(q).delayed()).isEqualTo(1);
    assertThat(broker.purge(q)).isEqualTo(1);
  }

  @Test
  void aMessageThatArrivesBeforeItsDueTime_isNeverDelivered_andGoesBackToTheTiers()
      throws Exception {
    String q = queue("early-arrival");
    // As if a pass of the tiers ended with 2 hours of the delay left (a delay longer than one
    // pass): the remainder travels as a duration, whatever the clocks say.
    Instant due = Instant.now().plus(Duration.ofHours(2));
    Stored s = new Stored(q, "not-yet", new byte[] {1}, Map.of(), 0, Instant.now(), 0, 0, due,
        null);
    broker.publisher().publish(List.of(new Outgoing("", q,
        Codec.properties(s, Duration.ofHours(2).toMillis()), s.body())));
    assertThat(fetch(q, 1)).as("a fetch before the due time").isEmpty();
    assertThat(broker.stats(q).delayed()).as("re-delayed into the tiers").isEqualTo(1);
    assertThat(broker.stats(q).ready()).isZero();
  }

  @Test
  void priorityBands_areSeparateQueues_drainedHighestFirst() throws Exception {
    String q = queue("bands");
    assertThat(broker.capabilities().priorityLevels()).isEqualTo(3);
    broker.publish(q, List.of(job("p0", 0, null), job("p5", 5, null), job("p9", 9, null)));
    assertThat(broker.admin().count(Topology.band(q, 0))).isEqualTo(1);
    assertThat(broker.admin().count(Topology.band(q, 1))).isEqualTo(1);
    assertThat(broker.admin().count(Topology.band(q, 2))).isEqualTo(1);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      order.add(take(q).id());
    }
    assertThat(order).containsExactly("p9", "p5", "p0");
  }

  @Test
  void onClassicQueues_aHigherPriorityArrivalOvertakesLowerOnesAlreadyPrefetched()
      throws Exception {
    reopen(RabbitBrokerConfig.builder().uri(uri())
        .queueType(RabbitBrokerConfig.QueueType.CLASSIC).build());
    String q = queue("classic-priority");
    assertThat(fetch(q, 1)).as("nothing yet; the consumer starts").isEmpty();
    broker.publish(q, List.of(job("p1", 1, null), job("p2", 2, null), job("p3", 3, null)));
    broker.publish(q, List.of(job("p9", 9, null)));
    Awaitility.await("all four pushed into the client's buffer").atMost(Duration.ofSeconds(10))
        .until(() -> broker.admin().count(q) == 0 && broker.stats(q).ready() == 4);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(take(q).id());
    }
    assertThat(order).containsExactly("p9", "p3", "p2", "p1");
  }

  @Test
  void releaseWithDelay_publishesAConfirmedCopyThroughTheTiers_thenAcksTheOriginal()
      throws Exception {
    String q = queue("backoff");
    broker.publish(q, List.of(job("retry-me", 0, null)));
    Delivery first = take(q);
    Instant released = Instant.now();
    assertThat(broker.release(first, Duration.ofMillis(600))).isTrue();
    assertThat(broker.stats(q).delayed()).as("the copy waits in a tier").isEqualTo(1);
    assertThat(broker.stats(q).inFlight()).as("the original was acked").isZero();
    Delivery again = Awaitility.await().atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ZERO).until(() -> fetch(q, 1), got -> !got.isEmpty()).get(0);
    assertThat(Instant.now()).isAfterOrEqualTo(released.plusMillis(600));
    assertThat(again.deliveryCount()).isEqualTo(2);
    assertThat(again.enqueuedAt()).isEqualTo(first.enqueuedAt());
  }

  @Test
  void aPublishNoQueueTakes_failsInsteadOfVanishing() {
    String q = queue("gone");
    // Delete the AMQP queue behind the broker's back: it still believes q is declared.
    broker.admin().run("delete", ch -> ch.queueDelete(q));
    assertThatThrownBy(() -> broker.publish(q, List.of(job("lost?", 0, null))))
        .isInstanceOf(DocketException.class).hasMessageContaining("could not route");
  }

  @Test
  void deadLetters_sitInTheDlqQueue_withTheFailureInHeaders() throws Exception {
    String q = queue("dlq");
    broker.publish(q, List.of(job("doomed", 4, null)));
    Delivery d = take(q);
    assertThat(broker.deadLetter(d, new dev.docket.JobFailure(
        dev.docket.FailureReason.NON_RETRYABLE, "x.Boom", "boom", "x.Boom: boom", 1,
        Instant.now(), "w1"))).isTrue();
    AMQP.BasicProperties props = broker.admin().run("peek", ch -> {
      var g = ch.basicGet(Topology.deadLetters(q), false);
      ch.basicNack(g.getEnvelope().getDeliveryTag(), false, true);
      return g.getProps();
    });
    // A listing is a pass over the letters ready when it starts: wait for the requeue.
    Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> broker.admin().count(Topology.deadLetters(q)) == 1);
    assertThat(Codec.text(props.getHeaders().get("docket-task"))).isEqualTo("t");
    assertThat(Codec.text(props.getHeaders().get(Codec.F_REASON))).isEqualTo("NON_RETRYABLE");
    assertThat(props.getDeliveryMode()).as("persistent").isEqualTo(2);
    assertThat(broker.deadLetters().list(q, null, 10).items()).hasSize(1);
  }

  @Test
  void duplicateIds_areRefusedWhileLive_andAcceptedOnceAcked() throws Exception {
    String q = queue("dedup");
    assertThat(broker.publish(q, List.of(job("once", 0, null), job("once", 0, null))))
        .containsExactly(PublishOutcome.ACCEPTED, PublishOutcome.DUPLICATE);
    assertThat(broker.ack(take(q))).isTrue();
    assertThat(broker.publish(q, List.of(job("once", 0, null))))
        .containsExactly(PublishOutcome.ACCEPTED);
  }
}
