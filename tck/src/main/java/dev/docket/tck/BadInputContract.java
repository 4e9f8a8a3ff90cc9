package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.EnqueueOptions;
import dev.docket.FailureReason;
import dev.docket.PayloadTooLargeException;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R10: bad input gets a clear error or a dead letter, never a crashed worker and never a lost
 * job: oversize bodies are refused before anything is stored; undecodable bodies, unknown tasks
 * and arguments of the wrong shape are dead-lettered while the worker keeps going. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class BadInputContract extends BrokerContract {

  /** Largest body the TCK allocates to probe the size limit. */
  static final long MAX_PROBE_BYTES = 64L * 1024 * 1024;

  private void requireProbeableLimit() {
    requireCapability(caps.maxMessageBytes() < MAX_PROBE_BYTES, "maxMessageBytes below 64 MiB",
        "the size-limit rule (the TCK does not allocate bodies above 64 MiB)");
  }

  @Test
  @Tag("required")
  @DisplayName("R10.1 a body over maxMessageBytes is refused with PayloadTooLargeException and"
      + " nothing of its batch is stored")
  void r10_1_oversizeBodyIsRefusedAndNothingStored() {
    requireProbeableLimit();
    String q = declared("main");
    Message fine = aJob().build();
    Message huge = aJob().withBody(new byte[(int) caps.maxMessageBytes() + 1]).build();
    assertThatThrownBy(() -> broker.publish(q, List.of(fine, huge)))
        .as("publish of a body of maxMessageBytes + 1 = %d bytes", caps.maxMessageBytes() + 1)
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining(huge.id());
    assertThatQueue(q).as("after a refused batch").hasCounts(0, 0, 0, 0);
    assertNothingDue("the batch was refused as a whole", q);
  }

  @Test
  @Tag("required")
  @DisplayName("R10.2 a body of exactly maxMessageBytes is accepted and delivered intact")
  void r10_2_bodyAtTheLimitIsAccepted() {
    requireProbeableLimit();
    String q = declared("main");
    byte[] body = new byte[(int) caps.maxMessageBytes()];
    body[body.length - 1] = 42;
    Message m = aJob().withBody(body).build();
    assertThat(broker.publish(q, List.of(m))).containsExactly(PublishOutcome.ACCEPTED);
    assertThat(awaitDelivery(q, TckTime.LONG_LEASE).body()).isEqualTo(body);
  }

  @Test
  @Tag("required")
  @DisplayName("R10.3 an oversize job enqueued through Docket fails with PayloadTooLargeException"
      + " and nothing is enqueued")
  void r10_3_oversizeJobThroughDocketIsRefused() {
    requireProbeableLimit();
    String q = declared("main");
    TaskType<TckArgs, Void> task = plainTask("tck.big", q);
    String big = "x".repeat((int) caps.maxMessageBytes());
    assertThatThrownBy(() -> docket().enqueue(task, new TckArgs(big)))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThatQueue(q).as("after a refused enqueue").hasCounts(0, 0, 0, 0);
  }

  /**
   * A running worker on a fresh queue {@code q} that records in {@code done} the values of the
   * tck.good jobs it ran: the good job enqueued after bad input proves the worker kept going.
   */
  private final class GoodWorker {
    final String q = declared("main");
    final List<String> done = new CopyOnWriteArrayList<>();
    final Worker worker = startedWorker(q, plainTask("tck.good", q), (a, c) -> {
      done.add(a.value());
      return null;
    });

    void enqueueGood(String value) {
      docket().enqueue("tck.good", new TckArgs(value), EnqueueOptions.builder().queue(q).build());
    }

    /** Waits until the worker ran {@code value} and one dead letter exists; returns it. */
    DeadLetter awaitDeadAfter(String value) {
      Awaitility.await("the worker to run the good job and dead-letter the bad one")
          .atMost(ctx.timeouts().event())
          .until(() -> done.contains(value) && broker.stats(q).dead() == 1);
      assertThat(worker.isRunning()).as("the worker keeps running after bad input").isTrue();
      assertThatQueue(q).hasCounts(0, 0, 0, 1);
      return firstDeadLetter(q);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("R10.4 malformed bytes are dead-lettered as UNDECODABLE with the original bytes,"
      + " and the worker keeps going")
  void r10_4_malformedBytesAreDeadLettered() {
    GoodWorker good = new GoodWorker();
    byte[] garbage = "\u0000not json at all{".getBytes(StandardCharsets.UTF_8);
    Message bad = aJob().withTask("tck.good").withBody(garbage).build();
    publish(good.q, bad);
    good.enqueueGood("after garbage");

    DeadLetter dead = good.awaitDeadAfter("after garbage");
    assertThat(dead.id()).isEqualTo(bad.id());
    assertThat(dead.body()).as("the malformed bytes, unchanged").isEqualTo(garbage);
    assertThat(dead.failure().reason()).isEqualTo(FailureReason.UNDECODABLE);
  }

  @Test
  @Tag("required")
  @DisplayName("R10.5 a job naming an unknown task is dead-lettered as UNKNOWN_TASK, and the"
      + " worker keeps going")
  void r10_5_unknownTaskIsDeadLettered() {
    GoodWorker good = new GoodWorker();
    docket().enqueue("tck.nobody-handles-this", new TckArgs("orphan"),
        EnqueueOptions.builder().queue(good.q).build());
    good.enqueueGood("after orphan");

    DeadLetter dead = good.awaitDeadAfter("after orphan");
    assertThat(dead.failure().reason()).isEqualTo(FailureReason.UNKNOWN_TASK);
    assertThat(dead.failure().message()).contains("tck.nobody-handles-this");
    assertThat(dead.headers()).containsEntry(Headers.TASK,
        "tck.nobody-handles-this");
  }

  @Test
  @Tag("required")
  @DisplayName("R10.6 arguments that do not fit the task's type are dead-lettered as UNDECODABLE,"
      + " and the worker keeps going")
  void r10_6_wrongArgumentShapeIsDeadLettered() {
    GoodWorker good = new GoodWorker();
    // tck.good takes an object {"value": ...}; an array cannot become one.
    docket().enqueue("tck.good", List.of(1, 2, 3), EnqueueOptions.builder().queue(good.q).build());
    good.enqueueGood("after bad args");

    DeadLetter dead = good.awaitDeadAfter("after bad args");
    assertThat(dead.failure().reason()).isEqualTo(FailureReason.UNDECODABLE);
  }

  @Test
  @Tag("required")
  @DisplayName("R10.7 an envelope whose optional field is invalid (priority 1e400, headers not an"
      + " object of strings, a queue that breaks the naming rule) is dead-lettered as UNDECODABLE"
      + " with its original bytes, never run as if the field were absent")
  void r10_7_invalidOptionalFieldsAreUndecodable() {
    GoodWorker good = new GoodWorker();
    List<String> badFields = List.of("\"priority\":1e400", "\"headers\":[\"a\"]",
        "\"headers\":{\"h\":{\"nested\":\"x\"}}", "\"headers\":{\"h\":7}",
        "\"queue\":\"not a queue!\"", "\"priority\":\"high\"");
    Map<String, byte[]> sent = new HashMap<>();
    for (String field : badFields) {
      Message m = aJob().withTask("tck.good").build();
      // The field comes last, so it overrides the valid one written before it.
      byte[] body = ("{\"v\":1,\"id\":\"" + m.id() + "\",\"task\":\"tck.good\",\"queue\":\""
          + good.q + "\",\"args\":{\"value\":\"ran " + field.replace("\"", "'") + "\"},"
          + "\"createdAt\":\"2030-01-01T00:00:00Z\"," + field + "}")
          .getBytes(StandardCharsets.UTF_8);
      publish(good.q, aJob().withId(m.id()).withTask("tck.good").withBody(body).build());
      sent.put(m.id(), body);
    }
    good.enqueueGood("after bad fields");
    Awaitility.await("the worker to run the good job and dead-letter " + badFields.size()
        + " bad ones").atMost(ctx.timeouts().event())
        .until(() -> good.done.contains("after bad fields")
            && broker.stats(good.q).dead() == badFields.size());
    assertThat(good.worker.isRunning()).as("the worker keeps running after bad input").isTrue();
    assertThat(good.done).as("jobs run despite an invalid field")
        .containsExactly("after bad fields");
    List<DeadLetter> dead = broker.deadLetters().list(good.q, null, 50).items();
    assertThat(dead).hasSize(badFields.size());
    for (DeadLetter d : dead) {
      assertThat(d.failure().reason()).as("reason of %s", d.id())
          .isEqualTo(FailureReason.UNDECODABLE);
      assertThat(d.body()).as("original bytes of %s", d.id()).isEqualTo(sent.get(d.id()));
    }
  }
}
