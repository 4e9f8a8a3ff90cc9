package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.QueueStats;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R11: queue statistics count ready, delayed, in-flight and dead messages; they report the age of
 * the oldest ready message; purge clears waiting messages but not leased ones; stats of a queue
 * that was never declared are zeros and do not create it (so monitoring never leaves queues
 * behind). Brokers with
 * approximate statistics ({@code exactStats = false}) get time to converge. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class StatsContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R11.1 stats count ready, delayed, in-flight and dead messages separately")
  void r11_1_countsEveryState() {
    String q = declared("main");
    for (int i = 0; i < 4; i++) {
      publish(q, aJob().build());
    }
    publish(q, aJob().notBefore(time.now().plus(Duration.ofHours(1))).build());
    publish(q, aJob().notBefore(time.now().plus(Duration.ofHours(2))).build());
    List<Delivery> taken = awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE);
    assertThat(broker.deadLetter(taken.get(0), aFailure("counted as dead"))).isTrue();

    assertThatQueue(q).as("4 published now (1 leased, 1 dead), 2 delayed")
        .hasCounts(2, 2, 1, 1);
    assertThat(broker.stats(q).total()).as("ready + delayed + inFlight").isEqualTo(5);
  }

  @Test
  @Tag("optional")
  @DisplayName("R11.2 oldestReadySince is when the oldest ready message became ready, so its age"
      + " grows with time")
  void r11_2_oldestReadyAge() {
    String q = declaredIf("main", caps.exactStats(), "exactStats", "R11.2 (oldest ready age)");
    Span oldest = publishTimed(q, aJob().build());
    time.advance(time.controllable() ? Duration.ofMinutes(5) : Duration.ofMillis(300));
    publish(q, aJob().build());

    QueueStats s = broker.stats(q);
    assertThat(s.oldestReadySince()).as("oldestReadySince: %s", BrokerAssert.describe(s))
        .isNotNull().isBetween(oldest.from(), oldest.to());
    // One reading of the clock for both sides, so the bound holds however fast time moves.
    Instant now = time.now();
    assertThat(s.oldestReadyAge(now)).as("age of the oldest ready message")
        .isGreaterThanOrEqualTo(Duration.between(oldest.to(), now));
    awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE);
    assertThat(broker.stats(q).oldestReadySince()).as("no ready message left").isNull();
  }

  @Test
  @Tag("optional")
  @DisplayName("R11.3 a delayed message that comes due counts as ready, ready since its due time")
  void r11_3_dueMessageCountsAsReady() {
    requireCapability(caps.exactStats(), "exactStats", "R11.3");
    requireCapability(time.controllable(), "controllableClock",
        "R11.3 (the exact due instant is only observable on a clock the TCK moves)");
    String q = declared("main");
    Instant due = time.now().plus(Duration.ofMinutes(30));
    publish(q, aJob().notBefore(due).build());
    assertThatQueue(q).hasCounts(0, 1, 0, 0);
    time.advanceTo(due.plus(Duration.ofMinutes(1)));
    assertThatQueue(q).as("one minute after it came due").hasCounts(1, 0, 0, 0)
        .hasOldestReadySince(due);
  }

  @Test
  @Tag("required")
  @DisplayName("R11.4 purge deletes ready and delayed messages but not leased ones, and says how"
      + " many")
  void r11_4_purgeClearsWaitingMessages() {
    String q = declared("main");
    Message leased = aJob().build();
    publish(q, leased);
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    publish(q, aJob().build());
    publish(q, aJob().build());
    publish(q, aJob().notBefore(time.now().plus(Duration.ofHours(1))).build());

    assertThat(broker.purge(q)).as("purge: 2 ready + 1 delayed").isEqualTo(3);
    assertThatQueue(q).as("after purge").hasCounts(0, 0, 1, 0);
    assertNothingDue("ready messages were purged", q);
    assertThat(broker.ack(d)).as("ack of the leased message survives a purge").isTrue();
    assertThatQueue(q).isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("R11.5 stats of a queue that was never declared are zeros and do not create it")
  void r11_5_statsNeverCreateAQueue() {
    String unknown = ctx.queue("never");
    Optional<Boolean> before = tckFixture.queueExists(ctx, unknown);
    before.ifPresent(exists -> assertThat(exists)
        .as("fixture's queueExists(%s) before any call", unknown).isFalse());

    QueueStats s = broker.stats(unknown);
    assertThat(s.queue()).isEqualTo(unknown);
    assertThat(new long[] {s.ready(), s.delayed(), s.inFlight(), s.dead()})
        .as("ready, delayed, inFlight, dead of a queue never declared: %s",
            BrokerAssert.describe(s))
        .containsExactly(0, 0, 0, 0);
    assertThat(s.oldestReadySince()).as("oldestReadySince of a queue never declared").isNull();
    broker.stats(unknown); // twice: a cache filled by the first call must not create it either

    Optional<Boolean> after = tckFixture.queueExists(ctx, unknown);
    assumeTrue(after.isPresent(), () -> "counts checked; whether stats created the queue was not:"
        + " the fixture " + tckFixture.getClass().getName() + " does not implement"
        + " TckFixture.queueExists");
    assertThat(after.get()).as("the server holds queue %s after stats alone: stats created it",
        unknown).isFalse();

    // The hook must be able to say yes, or the check above proves nothing.
    String known = declared("known");
    assertThat(tckFixture.queueExists(ctx, known))
        .as("fixture's queueExists(%s) after declareQueue", known).contains(true);
  }
}
