package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R1: what is published is delivered, byte for byte, with its metadata; fetch honours its
 * limits; queues are isolated. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class EnqueueReceiveContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R1.1 a published message is delivered with its exact id, bytes, headers and"
      + " priority")
  void r1_1_publishedMessageIsDeliveredIntact() {
    String q = declared("main");
    Message sent = aJob().withBody("{\"hello\":\"wörld\"}").withHeader("x-trace", "abc")
        .withPriority(3).build();
    publish(q, sent);

    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(d.queue()).as("queue of the delivery").isEqualTo(q);
    assertThat(d.id()).as("id of the delivery").isEqualTo(sent.id());
    assertThat(d.body()).as("body bytes must come back unchanged").isEqualTo(sent.body());
    assertThat(d.headers()).as("headers must come back unchanged")
        .containsAllEntriesOf(sent.headers());
    assertThat(d.priority()).as("priority of the delivery").isEqualTo(3);
    assertThat(broker.ack(d)).as("ack of a fresh delivery").isTrue();
  }

  @Test
  @Tag("required")
  @DisplayName("R1.2 a batch publish answers ACCEPTED for every new message, in order, and"
      + " delivers them all")
  void r1_2_batchPublishAcceptsEveryMessage() {
    String q = declared("main");
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(aJob().build());
    }
    List<PublishOutcome> out = broker.publish(q, batch);
    assertThat(out).as("one outcome per message, in message order").hasSize(25)
        .containsOnly(PublishOutcome.ACCEPTED);

    List<Delivery> got = awaitDeliveries(List.of(q), 25, TckTime.LONG_LEASE);
    assertThat(got).extracting(Delivery::id).as("ids delivered")
        .containsExactlyInAnyOrderElementsOf(batch.stream().map(Message::id).toList());
    got.forEach(broker::ack);
    assertThatQueue(q).as("all 25 acked").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("R1.3 a first delivery has deliveryCount 1, enqueuedAt at publish time and a lease"
      + " ending one lease from now")
  void r1_3_firstDeliveryMetadata() {
    String q = declared("main");
    Span published = publishTimed(q, aJob().build());
    Duration lease = Duration.ofMinutes(2);
    Instant fetchStart = time.now();
    Delivery d = awaitDelivery(q, lease);
    Instant fetchEnd = time.now();

    assertThat(d.deliveryCount()).as("deliveryCount of the first delivery").isEqualTo(1);
    Duration slack = time.controllable() ? Duration.ZERO : Duration.ofSeconds(2);
    assertThat(d.enqueuedAt()).as("enqueuedAt must be the publish time (broker clock)")
        .isBetween(published.from().minus(slack), published.to().plus(slack));
    assertThat(d.leaseExpiresAt()).as("leaseExpiresAt must be fetch time + the requested lease")
        .isBetween(fetchStart.plus(lease).minus(slack), fetchEnd.plus(lease).plus(slack));
    assertThat(d.leaseToken()).as("lease token").isNotBlank();
  }

  @Test
  @Tag("required")
  @DisplayName("R1.4 a fetch returns at most maxMessages and leaves the rest ready")
  void r1_4_fetchHonoursMaxMessages() throws InterruptedException {
    String q = declared("main");
    for (int i = 0; i < 5; i++) {
      publish(q, aJob().build());
    }
    // A broker may return fewer than asked (batching is best effort) but never more. In real
    // time the fetch may block as long as one expected event (a consumer starting up on a loaded
    // machine took longer than a polling fetch's wait): it returns once any job is there.
    Duration wait = time.controllable() ? Duration.ZERO : ctx.timeouts().event();
    List<Delivery> first = broker.fetch(FetchRequest.of(q, 2, TckTime.LONG_LEASE, wait));
    assertThat(first).as("fetch with maxMessages=2").hasSizeBetween(1, 2);
    List<Delivery> rest = awaitDeliveries(List.of(q), 5 - first.size(), TckTime.LONG_LEASE);
    Set<String> ids = new HashSet<>();
    first.forEach(d -> ids.add(d.id()));
    rest.forEach(d -> ids.add(d.id()));
    assertThat(ids).as("five distinct messages over all fetches").hasSize(5);
    assertNothingDue("all five are leased", q);
  }

  @Test
  @Tag("required")
  @DisplayName("R1.5 queues are isolated: a message is delivered only from the queue it was"
      + " published to")
  void r1_5_queuesAreIsolated() {
    String a = declared("a");
    String b = declared("b");
    Message m = aJob().build();
    publish(a, m);
    assertNothingDue("the only message went to queue " + a, b);
    assertThat(awaitDelivery(a, TckTime.LONG_LEASE).id()).isEqualTo(m.id());
    assertThatQueue(b).as("nothing was published to it").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R1.6 binary bodies with every byte value, and large bodies, survive unchanged")
  void r1_6_binaryBodiesSurvive() {
    String q = declared("main");
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    int bigSize = (int) Math.min(caps.maxMessageBytes(), 256 * 1024);
    byte[] big = new byte[bigSize];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    Message binary = aJob().withBody(all).build();
    Message large = aJob().withBody(big).build();
    assertThat(broker.publish(q, List.of(binary, large)))
        .containsExactly(PublishOutcome.ACCEPTED, PublishOutcome.ACCEPTED);

    List<Delivery> got = awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE);
    for (Delivery d : got) {
      byte[] expected = d.id().equals(binary.id()) ? all : big;
      assertThat(d.body()).as("body of %s (%d bytes)", d.id(), expected.length)
          .isEqualTo(expected);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("R1.7 a fetch blocked on an empty queue returns as soon as a message is published")
  void r1_7_blockedFetchWakesOnPublish() throws Exception {
    String q = declared("main");
    // A long wait: if the broker does not wake the fetch on publish, the bound below fails.
    Duration maxWait = ctx.timeouts().event().multipliedBy(3);
    CompletableFuture<List<Delivery>> pending = CompletableFuture.supplyAsync(() -> {
      try {
        return broker.fetch(FetchRequest.of(q, 1, TckTime.LONG_LEASE, maxWait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    Message m = aJob().build();
    publish(q, m);
    List<Delivery> got;
    try {
      got = pending.get(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("a fetch waiting up to " + maxWait + " did not return within "
          + ctx.timeouts().event() + " of a publish; a waiting fetch must wake when a message"
          + " arrives. Broker state: " + BrokerAssert.describe(broker, q), e);
    }
    // The fetch may have started after the publish and found it at once; either way it is here.
    if (got.isEmpty()) {
      got = List.of(awaitDelivery(q, TckTime.LONG_LEASE));
    }
    assertThat(got).extracting(Delivery::id).containsExactly(m.id());
  }

  @Test
  @Tag("required")
  @DisplayName("R1.8 declaring an existing queue again keeps its messages")
  void r1_8_redeclareKeepsMessages() {
    String q = declared("main");
    Message m = aJob().build();
    publish(q, m);
    broker.declareQueue(q);
    assertThatQueue(q).as("after re-declaring").hasReady(1);
    assertThat(awaitDelivery(q, TckTime.LONG_LEASE).id()).isEqualTo(m.id());
  }
}
