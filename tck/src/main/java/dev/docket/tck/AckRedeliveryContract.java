package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R2: ack removes a message for good; release hands it back, at once or after a delay; a stale
 * lease token changes nothing; the delivery count counts every delivery. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class AckRedeliveryContract extends BrokerContract {

  /** Publishes a job to a fresh queue, takes it, releases it at once and takes it again. */
  private Redelivered releasedOnce() {
    String q = declared("main");
    Delivery first = leaseNewJob(q, TckTime.LONG_LEASE);
    assertThat(broker.release(first, Duration.ZERO)).isTrue();
    return new Redelivered(q, first, awaitDelivery(q, TckTime.LONG_LEASE));
  }

  @Test
  @Tag("required")
  @DisplayName("R2.1 an acknowledged message is never delivered again, even after its lease"
      + " would have ended")
  void r2_1_ackedMessageIsNeverRedelivered() {
    Leased job = shortLeasedJob();
    assertThat(broker.ack(job.delivery())).as("ack of a live delivery").isTrue();

    time.advance(job.lease().multipliedBy(2));
    assertNothingDue("the only message was acked", job.queue());
    assertThatQueue(job.queue()).as("after the ack").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R2.2 a message released with no delay is deliverable again at once, intact, with"
      + " deliveryCount 2")
  void r2_2_releaseWithoutDelayRedeliversAtOnce() {
    String q = declared("main");
    Message m = aJob().withBody("release-me").withPriority(7).build();
    publish(q, m);
    Delivery first = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(broker.release(first, Duration.ZERO)).as("release of a live delivery").isTrue();

    Delivery again = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(again.id()).isEqualTo(m.id());
    assertThat(again.body()).as("body after release").isEqualTo(m.body());
    assertThat(again.deliveryCount()).as("deliveryCount after one release").isEqualTo(2);
    assertThat(again.priority()).as("priority after release").isEqualTo(7);
    assertThat(again.headers()).as("headers after release").isEqualTo(first.headers());
    assertThat(again.enqueuedAt()).as("enqueuedAt is when the message was first published")
        .isEqualTo(first.enqueuedAt());
    assertThat(again.leaseToken()).as("a new delivery has a new lease token")
        .isNotEqualTo(first.leaseToken());
  }

  @Test
  @Tag("required")
  @DisplayName("R2.3 a message released with a delay is not delivered before the delay and is"
      + " delivered after it")
  void r2_3_releaseWithDelayIsNeverEarly() {
    String q = declared("main");
    Delivery first = leaseNewJob(q, TckTime.LONG_LEASE);
    Duration delay = time.controllable() ? Duration.ofMinutes(10) : Duration.ofSeconds(1);
    // The release happens after this instant, so the message is due no earlier than mark+delay.
    Instant mark = time.now();
    assertThat(broker.release(first, delay)).as("release with delay").isTrue();
    assertThatQueue(q).as("right after release(" + delay + ")").hasDelayed(1);

    expectSecondDeliveryAt(q, mark.plus(delay), "the released message");
  }

  @Test
  @Tag("required")
  @DisplayName("R2.4 an ack with a stale lease token returns false and does not remove the"
      + " message")
  void r2_4_staleAckIsRefused() {
    Redelivered r = releasedOnce();

    assertThat(broker.ack(r.stale()))
        .as("ack with the token of a delivery that was released must return false").isFalse();
    assertThatQueue(r.queue()).as("after a refused stale ack").hasInFlight(1);
    assertThat(broker.ack(r.current())).as("ack by the current holder").isTrue();
    assertThatQueue(r.queue()).isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("R2.5 a second ack of the same delivery returns false")
  void r2_5_doubleAckIsRefused() {
    Delivery d = leaseNewJob(declared("main"), TckTime.LONG_LEASE);
    assertThat(broker.ack(d)).isTrue();
    assertThat(broker.ack(d)).as("second ack of an acked delivery").isFalse();
  }

  @Test
  @Tag("required")
  @DisplayName("R2.6 release, extendLease and deadLetter with a stale token return false and"
      + " change nothing")
  void r2_6_staleTokenOperationsAreRefused() {
    Redelivered r = releasedOnce();

    assertThat(broker.release(r.stale(), Duration.ZERO)).as("release with a stale token").isFalse();
    assertThat(broker.extendLease(r.stale(), TckTime.LONG_LEASE)).as("extendLease, stale token")
        .isFalse();
    assertThat(broker.deadLetter(r.stale(), aFailure("stale"))).as("deadLetter, stale token")
        .isFalse();
    assertThatQueue(r.queue()).as("after refused stale operations").hasCounts(0, 0, 1, 0);
    assertNothingDue("the current holder still has the lease", r.queue());
    assertThat(broker.ack(r.current())).as("the current holder's ack").isTrue();
  }

  @Test
  @Tag("required")
  @DisplayName("R2.7 deliveryCount counts every delivery across releases and lease expiries")
  void r2_7_deliveryCountSurvivesReleaseAndExpiry() {
    Leased job = shortLeasedJob();
    String q = job.queue();
    Duration lease = job.lease();
    Delivery d1 = job.delivery();
    assertThat(d1.deliveryCount()).isEqualTo(1);
    assertThat(broker.release(d1, Duration.ZERO)).isTrue();
    Instant fetched = time.now();
    Delivery d2 = awaitDelivery(q, lease);
    assertThat(d2.deliveryCount()).as("after a release").isEqualTo(2);
    // Let the lease of d2 lapse without ack: the next delivery counts it too.
    Delivery d3 = expectDeliveryAt(q, time.controllable() ? d2.leaseExpiresAt()
        : fetched.plus(lease), TckTime.LONG_LEASE, "the message whose lease lapsed");
    assertThat(d3.deliveryCount()).as("after a release and a lease expiry").isEqualTo(3);
  }
}
