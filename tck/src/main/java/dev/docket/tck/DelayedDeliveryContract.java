package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import java.util.Objects;

/**
 * R4: a delayed message is never delivered early and arrives within the declared tolerance once
 * due; delays do not block ready work; long delays work where the broker can prove them. See
 * {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class DelayedDeliveryContract extends BrokerContract {

  /** One step of delay: long on a manual clock (it costs nothing), short in real time. */
  private Duration unit() {
    return time.controllable() ? Duration.ofMinutes(10) : Duration.ofMillis(800);
  }

  @Test
  @Tag("required")
  @DisplayName("R4.1 a message with a future notBefore is never delivered early and is delivered"
      + " once due")
  void r4_1_delayedMessageIsNeverEarly() {
    String q = declared("main");
    // A sub-second part catches brokers that keep due times in whole seconds, rounded down.
    Instant due = time.now().plus(unit().multipliedBy(2)).plusMillis(750);
    Message m = aJob().notBefore(due).build();
    publish(q, m);
    assertThatQueue(q).as("a message due at " + due).hasCounts(0, 1, 0, 0);
    assertNothingDue("the only message is due at " + due, q);

    Delivery d = expectDeliveryAt(q, due, TckTime.LONG_LEASE, "the delayed message");
    assertThat(d.id()).isEqualTo(m.id());
    assertThat(d.deliveryCount()).isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("R4.2 a message whose notBefore is now or in the past is delivered at once")
  void r4_2_pastNotBeforeIsDeliveredAtOnce() {
    String q = declared("main");
    Message past = aJob().notBefore(time.now().minus(Duration.ofHours(1))).build();
    Message now = aJob().notBefore(time.now()).build();
    publish(q, past);
    publish(q, now);
    List<Delivery> got = awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE);
    assertThat(got).extracting(Delivery::id).containsExactlyInAnyOrder(past.id(), now.id());
  }

  @Test
  @Tag("required")
  @DisplayName("R4.3 delayed messages become deliverable in due order, whatever the publish order")
  void r4_3_delayedMessagesComeDueInDueOrder() {
    String q = declared("main");
    Instant start = time.now();
    Message third = aJob().withBody("third").notBefore(start.plus(unit().multipliedBy(3))).build();
    Message first = aJob().withBody("first").notBefore(start.plus(unit())).build();
    Message second = aJob().withBody("second").notBefore(start.plus(unit().multipliedBy(2)))
        .build();
    publish(q, third);
    publish(q, first);
    publish(q, second);

    for (Message expected : List.of(first, second, third)) {
      Delivery d = expectDeliveryAt(q, Objects.requireNonNull(expected.notBefore()),
          TckTime.LONG_LEASE,
          "message '" + BrokerAssert.describeBody(expected.body()) + "'");
      assertThat(d.id()).as("the message due at %s", expected.notBefore())
          .isEqualTo(expected.id());
      assertThat(broker.ack(d)).isTrue();
    }
    assertThatQueue(q).isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("R4.4 a delayed message does not hold back ready messages published after it")
  void r4_4_delayedMessageDoesNotBlockReadyOnes() {
    String q = declared("main");
    Message later = aJob().withPriority(9).notBefore(time.now().plus(Duration.ofHours(1)))
        .build();
    Message ready = aJob().withPriority(0).build();
    publish(q, later);
    publish(q, ready);
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(d.id()).as("the ready message, not the delayed one").isEqualTo(ready.id());
    assertNothingDue("the other message is due in an hour", q);
  }

  @Test
  @Tag("optional")
  @DisplayName("R4.5 a 30-day delay is honoured: not a millisecond early, delivered when due")
  void r4_5_thirtyDayDelayIsHonoured() {
    requireCapability(time.controllable(), "controllableClock",
        "R4.5 (proving a 30-day delay needs a clock the TCK can move)");
    requireCapability(caps.maxDelay().compareTo(Duration.ofDays(30)) >= 0,
        "maxDelay >= 30 days", "R4.5");
    String q = declared("main");
    Instant due = time.now().plus(Duration.ofDays(30));
    Message m = aJob().notBefore(due).build();
    publish(q, m);
    time.advance(Duration.ofDays(29));
    assertNothingDue("due in one more day", q);
    assertThat(expectDeliveryAt(q, due, TckTime.LONG_LEASE, "the 30-day message").id())
        .isEqualTo(m.id());
  }

  @Test
  @Tag("required")
  @DisplayName("R4.6 a job enqueued with a delay through Docket does not run before it is due")
  void r4_6_delayedJobRunsOnlyWhenDue() {
    TaskType<TckArgs, Void> task = plainTask("tck.delayed", declared("main"));
    AtomicInteger runs = new AtomicInteger();
    Worker worker = longLeaseWorker(task, (a, c) -> {
      runs.incrementAndGet();
      return null;
    });
    Duration delay = unit();
    Instant mark = time.now();
    docket().enqueue(task, new TckArgs("later"), EnqueueOptions.builder().delay(delay).build());

    if (time.controllable()) {
      time.advanceTo(mark.plus(delay).minusMillis(1));
    }
    int early = worker.runDue();
    // Sound in real time too: only a run that finished before the due instant is early.
    if (time.now().isBefore(mark.plus(delay))) {
      assertThat(early).as("jobs run before the delay of %s passed", delay).isZero();
    }
    time.advanceTo(mark.plus(delay).plus(caps.delayTolerance()));
    int total = early + runDue(worker, 1 - early);
    assertThat(total).as("runs once due").isEqualTo(1);
    assertThat(runs.get()).isEqualTo(1);
  }
}
