package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R8: a publish with the id of a live message (ready, delayed or leased) is a DUPLICATE and
 * changes nothing; once the message is gone the id is free again. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class IdempotentEnqueueContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R8.1 publishing the id of a ready message is a DUPLICATE that changes nothing")
  void r8_1_duplicateOfReadyMessage() {
    String q = declared("main");
    Message original = aJob().withId("order-1").withBody("original").build();
    publish(q, original);
    List<PublishOutcome> out = broker.publish(q,
        List.of(aJob().withId("order-1").withBody("imposter").build()));
    assertThat(out).as("second publish of id order-1").containsExactly(PublishOutcome.DUPLICATE);
    assertThatQueue(q).as("after a duplicate publish").hasReady(1);
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(d.body()).as("the first body wins").isEqualTo(original.body());
    assertNothingDue("the duplicate must not be stored", q);
  }

  @Test
  @Tag("required")
  @DisplayName("R8.2 publishing the id of a delayed message is a DUPLICATE; the original due time"
      + " stands")
  void r8_2_duplicateOfDelayedMessage() {
    String q = declared("main");
    Duration delay = time.controllable() ? Duration.ofHours(1) : Duration.ofMillis(800);
    Instant due = time.now().plus(delay);
    publish(q, aJob().withId("order-2").notBefore(due).build());
    assertThat(broker.publish(q, List.of(aJob().withId("order-2").build())))
        .as("a due-now publish of a delayed id").containsExactly(PublishOutcome.DUPLICATE);
    assertThatQueue(q).hasCounts(0, 1, 0, 0);
    assertThat(expectDeliveryAt(q, due, TckTime.LONG_LEASE, "the delayed original").id())
        .isEqualTo("order-2");
  }

  @Test
  @Tag("required")
  @DisplayName("R8.3 publishing the id of a leased message is a DUPLICATE; after the ack it is"
      + " not delivered again")
  void r8_3_duplicateOfLeasedMessage() {
    String q = declared("main");
    publish(q, aJob().withId("order-3").build());
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(broker.publish(q, List.of(aJob().withId("order-3").build())))
        .as("publish of an id that is in flight").containsExactly(PublishOutcome.DUPLICATE);
    assertThat(broker.ack(d)).isTrue();
    assertNothingDue("the duplicate of an in-flight message must not be stored", q);
  }

  @Test
  @Tag("required")
  @DisplayName("R8.4 once a message is acked or dead-lettered its id can be published again")
  void r8_4_idIsFreeAfterAckOrDeadLetter() {
    String q = declared("main");
    publish(q, aJob().withId("order-4").build());
    assertThat(broker.ack(awaitDelivery(q, TckTime.LONG_LEASE))).isTrue();
    publish(q, aJob().withId("order-4").build());
    Delivery again = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(again.deliveryCount()).as("a new message with a reused id").isEqualTo(1);
    assertThat(broker.deadLetter(again, aFailure("dead"))).isTrue();
    publish(q, aJob().withId("order-4").build());
    assertThat(awaitDelivery(q, TckTime.LONG_LEASE).id()).isEqualTo("order-4");
  }

  @Test
  @Tag("required")
  @DisplayName("R8.5 a repeated id inside one batch is a DUPLICATE after the first")
  void r8_5_duplicateInsideOneBatch() {
    String q = declared("main");
    List<PublishOutcome> out = broker.publish(q, List.of(aJob().withId("a").build(),
        aJob().withId("b").build(), aJob().withId("a").build()));
    assertThat(out).containsExactly(PublishOutcome.ACCEPTED, PublishOutcome.ACCEPTED,
        PublishOutcome.DUPLICATE);
    assertThat(awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE)).extracting(Delivery::id)
        .containsExactlyInAnyOrder("a", "b");
    assertNothingDue("only two distinct ids were published", q);
  }

  @Test
  @Tag("required")
  @DisplayName("R8.6 enqueueing twice with one job id through Docket runs the job once")
  void r8_6_docketEnqueueWithJobIdRunsOnce() {
    TaskType<TckArgs, Void> task = plainTask("tck.once", declared("main"));
    EnqueueOptions options = EnqueueOptions.builder().jobId("invoice-42").build();
    EnqueuedJob first = docket().enqueue(task, new TckArgs("first"), options);
    EnqueuedJob second = docket().enqueue(task, new TckArgs("second"), options);
    assertThat(first.duplicate()).isFalse();
    assertThat(second.duplicate()).as("second enqueue with job id invoice-42").isTrue();

    AtomicInteger runs = new AtomicInteger();
    List<String> values = new CopyOnWriteArrayList<>();
    Worker worker = longLeaseWorker(task, (a, c) -> {
      runs.incrementAndGet();
      values.add(a.value());
      return null;
    });
    assertThat(runDue(worker, 1)).isEqualTo(1);
    assertThat(worker.runDue()).isZero();
    assertThat(values).as("the first enqueue's arguments win").containsExactly("first");
    assertThat(runs.get()).as("runs of job invoice-42").isEqualTo(1);
  }
}
