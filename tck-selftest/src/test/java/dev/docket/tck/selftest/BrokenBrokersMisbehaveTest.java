package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.testing.ManualClock;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves each broken broker really has its bug, without the kit. If the kit then passes one of
 * them, the gap is in the kit, not in the broken broker; and if a decorator were accidentally
 * correct, this test, not a confusing kit result, says so.
 */
class BrokenBrokersMisbehaveTest {

  private static final String Q = "selftest";
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker correct = InMemoryBroker.create(clock);

  @AfterEach
  void close() {
    correct.close();
  }

  @Test
  void earlyDelayedDelivery_messageDueInAnHour_isDeliveredNow() throws Exception {
    Broker broker = new EarlyDelayedDeliveryBroker(correct);
    Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
    broker.publish(Q, List.of(message("a").withNotBefore(inAnHour)));

    assertThat(fetch(broker, 1)).extracting(Delivery::id).containsExactly("a");
  }

  @Test
  void atMostOnce_unackedDelivery_isGoneAfterLeaseExpiry() throws Exception {
    Broker broker = new AtMostOnceBroker(correct);
    fetchAndOutliveTheLease(broker);

    assertThat(fetch(broker, 1)).isEmpty();
  }

  @Test
  void neverRedelivers_unackedDelivery_neverComesBack() throws Exception {
    Broker broker = new NeverRedeliversBroker(correct);
    fetchAndOutliveTheLease(broker);

    assertThat(fetch(broker, 1)).isEmpty();
    assertThat(correct.stats(Q).inFlight()).as("still stored, only hidden").isEqualTo(1);
  }

  @Test
  void redeliversAcked_ackedDelivery_comesBackAfterLease() throws Exception {
    Broker broker = new RedeliversAckedBroker(correct);
    broker.publish(Q, List.of(message("a")));
    assertThat(broker.ack(fetch(broker, 1).getFirst())).isTrue();

    clock.advance(LEASE.multipliedBy(2));

    assertThat(fetch(broker, 1)).extracting(Delivery::id).containsExactly("a");
  }

  @Test
  void ignoresPriority_highPublishedLast_comesLastButReportsItsPriority() throws Exception {
    Broker broker = new IgnoresPriorityBroker(correct);
    broker.publish(Q, List.of(message("low"), withPriority(message("high"), 9)));

    List<Delivery> got = fetch(broker, 2);

    assertThat(got).extracting(Delivery::id).containsExactly("low", "high");
    assertThat(got).extracting(Delivery::priority).containsExactly(0, 9);
    assertThat(got.stream().allMatch(broker::ack)).as("acks reach the broker underneath").isTrue();
  }

  @Test
  void ignoresQueueOrder_bothQueuesReady_drainsTheLastQueueFirst() throws Exception {
    Broker broker = new IgnoresQueueOrderBroker(correct);
    broker.publish("high", List.of(message("h")));
    broker.publish("low", List.of(message("l")));

    List<Delivery> got =
        broker.fetch(new FetchRequest(List.of("high", "low"), 1, LEASE, Duration.ZERO));

    assertThat(got).extracting(Delivery::id).containsExactly("l");
  }

  @Test
  void ignoresNackDelay_releaseWithAnHourDelay_isDueNow() throws Exception {
    Broker broker = new IgnoresNackDelayBroker(correct);
    broker.publish(Q, List.of(message("a")));
    assertThat(broker.release(fetch(broker, 1).getFirst(), Duration.ofHours(1))).isTrue();

    assertThat(fetch(broker, 1)).extracting(Delivery::id).containsExactly("a");
  }

  @Test
  void noIdempotentEnqueue_sameIdTwice_isStoredTwiceUnderItsRealId() throws Exception {
    Broker broker = new NoIdempotentEnqueueBroker(correct);
    assertThat(broker.publish(Q, List.of(message("a")))).containsExactly(PublishOutcome.ACCEPTED);
    assertThat(broker.publish(Q, List.of(message("a")))).containsExactly(PublishOutcome.ACCEPTED);

    List<Delivery> got = fetch(broker, 10);

    assertThat(got).extracting(Delivery::id).containsExactly("a", "a");
    assertThat(got.stream().allMatch(broker::ack)).as("acks reach the broker underneath").isTrue();
  }

  @Test
  void noOpLeaseExtension_extendedDelivery_isRedeliveredAtTheOldDeadline() throws Exception {
    Broker broker = new NoOpLeaseExtensionBroker(correct);
    broker.publish(Q, List.of(message("a")));
    Delivery first = fetch(broker, 1).getFirst();
    assertThat(broker.extendLease(first, Duration.ofHours(1))).isTrue();

    clock.advance(LEASE.multipliedBy(2));

    assertThat(fetch(broker, 1)).extracting(Delivery::deliveryCount).containsExactly(2);
  }

  @Test
  void deadLetterLosesBytes_listedAndReplayedLetters_haveNoBody() throws Exception {
    Broker broker = new DeadLetterLosesBytesBroker(correct);
    broker.publish(Q, List.of(message("a")));
    assertThat(broker.deadLetter(fetch(broker, 1).getFirst(), failure())).isTrue();

    assertThat(broker.deadLetters().list(Q, null, 10).items().getFirst().body()).isEmpty();
    assertThat(broker.deadLetters().replay(Q, DeadLetterFilter.all())).isEqualTo(1);
    assertThat(fetch(broker, 1).getFirst().body()).isEmpty();
  }

  @Test
  void lyingStats_queueWithWork_reportsEmpty() {
    Broker broker = new LyingStatsBroker(correct);
    broker.publish(Q, List.of(message("a")));

    assertThat(broker.stats(Q).total()).isZero();
    assertThat(correct.stats(Q).ready()).isEqualTo(1);
  }

  @Test
  void secondsDelay_messageDueAtAFractionOfASecond_isDeliveredEarly() throws Exception {
    Broker broker = new SecondsDelayBroker(correct);
    Instant due = clock.instant().plus(Duration.ofMinutes(10)).plusMillis(900);
    broker.publish(Q, List.of(message("a").withNotBefore(due)));

    clock.advance(Duration.ofMinutes(10));

    assertThat(fetch(broker, 1)).as("900 ms before it is due").hasSize(1);
  }

  @Test
  void fixedLease_fiveMinuteLease_isRedeliveredAfterThirtySeconds() throws Exception {
    Broker broker = new FixedLeaseBroker(correct);
    broker.publish(Q, List.of(message("a")));
    FetchRequest fiveMinutes = FetchRequest.of(Q, 1, Duration.ofMinutes(5), Duration.ZERO);
    Delivery d = broker.fetch(fiveMinutes).getFirst();
    assertThat(d.leaseExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

    clock.advance(FixedLeaseBroker.FIXED_LEASE);

    assertThat(fetch(broker, 1)).as("while the reported lease still holds").hasSize(1);
  }

  @Test
  void resetsEnqueuedAt_redelivery_reportsTheRedeliveryTime() throws Exception {
    Broker broker = new ResetsEnqueuedAtBroker(correct);
    broker.publish(Q, List.of(message("a")));
    Delivery first = fetch(broker, 1).getFirst();
    clock.advance(Duration.ofMinutes(1));
    assertThat(broker.release(first, Duration.ZERO)).isTrue();

    Delivery again = fetch(broker, 1).getFirst();

    assertThat(again.enqueuedAt()).isEqualTo(clock.instant()).isAfter(first.enqueuedAt());
  }

  /** Publishes "a" through {@code broker}, fetches it without acking and waits out two leases. */
  private void fetchAndOutliveTheLease(Broker broker) throws InterruptedException {
    broker.publish(Q, List.of(message("a")));
    assertThat(fetch(broker, 1)).hasSize(1);
    clock.advance(LEASE.multipliedBy(2));
  }

  private static List<Delivery> fetch(Broker broker, int max) throws InterruptedException {
    return broker.fetch(FetchRequest.of(Q, max, LEASE, Duration.ZERO));
  }

  private static Message message(String id) {
    return Message.of(id, ("body of " + id).getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static Message withPriority(Message m, int priority) {
    return new Message(m.id(), m.body(), m.headers(), priority, m.notBefore());
  }

  private JobFailure failure() {
    return new JobFailure(
        FailureReason.RETRIES_EXHAUSTED, "", "failed", "", 1, clock.instant(), "worker-1");
  }
}
