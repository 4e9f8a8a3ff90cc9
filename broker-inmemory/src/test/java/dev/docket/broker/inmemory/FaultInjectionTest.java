package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.BrokerUnavailableException;
import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobHandler;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runtime failure paths driven by the broker's fault modes on the test clock. */
class FaultInjectionTest {
  static final TaskType<String, Void> ECHO = TaskType.builder("echo", String.class, Void.class)
      .retryPolicy(RetryPolicy.builder().maxRetries(1).jitter(0).build()).build();
  static final Duration LEASE = dev.docket.Worker.DEFAULT_LEASE;

  /** A handler that notes each attempt number it runs. */
  /**
   * A kit whose {@code ECHO} handler records each attempt in {@code attempts}, with job "x"
   * enqueued and then {@code fault} injected once.
   */
  private static DocketTestKit echoWithFault(Fault fault, List<Integer> attempts) {
    DocketTestKit kit = DocketTestKit.create();
    kit.handle(ECHO, recordingAttempts(attempts));
    kit.docket().enqueue(ECHO, "x");
    kit.broker().injectFault(fault, 1);
    return kit;
  }

  private static JobHandler<String, Void> recordingAttempts(List<Integer> attempts) {
    return (s, ctx) -> {
      attempts.add(ctx.attempt());
      return null;
    };
  }

  @Test
  void workerCrashAfterReceive_jobComesBackAfterItsLease() {
    List<Integer> attempts = new ArrayList<>();
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(ECHO, recordingAttempts(attempts));
      JobId id = kit.docket().enqueue(ECHO, "x").id();
      kit.broker().injectFault(Fault.CRASH_AFTER_RECEIVE, 1);

      assertThat(kit.runDue()).isZero();
      assertThat(kit.docket().stats("default").inFlight()).isEqualTo(1);
      assertThat(kit.advance(LEASE.minusMillis(1))).isZero();
      assertThat(kit.advance(Duration.ofMillis(1))).isEqualTo(1);

      assertThat(attempts).containsExactly(2);
      assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
    }
  }

  @Test
  void lostAck_runsTheJobAgainOnlyAfterTheLeaseExpires() {
    List<Integer> attempts = new ArrayList<>();
    try (DocketTestKit kit = echoWithFault(Fault.LOSE_ACK, attempts)) {

      assertThat(kit.runDue()).isEqualTo(1);
      assertThat(kit.advance(LEASE.minusMillis(1))).isZero();
      assertThat(kit.advance(Duration.ofMillis(1))).isEqualTo(1);
      assertThat(attempts).containsExactly(1, 2);
      assertThat(kit.docket().stats("default").total()).isZero();
    }
  }

  @Test
  @DisplayName("issue 10.6: deliveries a dying worker held but never started are not charged to"
      + " the job")
  void item6_crashesAfterReceive_areNotChargedToTheJob() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      kit.handle(ECHO, (s, ctx) -> {
        attempts.add(ctx.attempt());
        return null;
      });
      JobId id = kit.docket().enqueue(ECHO, "held").id();
      // Two workers die holding the job before they start it (maxRetries 1: the delivery count
      // alone would condemn it on its third delivery).
      kit.broker().injectFault(Fault.CRASH_AFTER_RECEIVE, 2);
      kit.runDue();
      kit.advance(LEASE);
      kit.advance(LEASE);

      assertThat(kit.deadJobs("default")).isEmpty();
      assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
      assertThat(attempts).as("its one run, on its third delivery").containsExactly(3);
    }
  }

  @Test
  void rejectedPublish_throwsAndStoresNothing() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.broker().injectFault(Fault.REJECT_PUBLISH, 1);
      assertThatThrownBy(() -> kit.docket().enqueue(ECHO, "x"))
          .isInstanceOf(BrokerUnavailableException.class);
      assertThat(kit.docket().stats("default").total()).isZero();
      assertThat(kit.events(JobEvent.Enqueued.class)).isEmpty();
    }
  }

  @Test
  void duplicateDelivery_runsTwice_andTheSecondAckWins() {
    List<Integer> attempts = new ArrayList<>();
    try (DocketTestKit kit = echoWithFault(Fault.DUPLICATE_DELIVERY, attempts)) {
      assertThat(kit.runDue()).isEqualTo(2);
      assertThat(attempts).hasSize(2);
      assertThat(kit.tracker().duplicateRuns()).isEqualTo(1);
      assertThat(kit.tracker().violations()).isEmpty();
      assertThat(kit.docket().stats("default").total()).isZero();
    }
  }

  @Test
  void garbageBytes_areDeadLetteredWithTheOriginalBytes_andTheWorkerGoesOn() {
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(ECHO, (s, ctx) -> null);
      kit.docket().broker().declareQueue("default");
      kit.docket().broker().publish("default",
          List.of(Message.of("raw-1", garbage, Map.of(Headers.TASK, "echo"))));
      JobId good = kit.docket().enqueue(ECHO, "fine").id();

      assertThat(kit.runDue()).isEqualTo(2);

      assertThat(kit.state(good)).isEqualTo(JobState.SUCCESS);
      assertThat(kit.state(JobId.of("raw-1"))).isEqualTo(JobState.DEAD);
      assertThat(kit.deadJobs("default")).singleElement().satisfies(d -> {
        assertThat(d.body()).isEqualTo(garbage);
        assertThat(d.task()).isEqualTo("echo");
        assertThat(d.failure().reason()).isEqualTo(FailureReason.UNDECODABLE);
        assertThat(d.failure().message()).contains("raw-1", "not JSON");
      });
    }
  }

  @Test
  void unknownTask_isDeadLetteredNamingTheTasksTheWorkerKnows() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(ECHO, (s, ctx) -> null);
      JobId id = kit.docket().enqueue(TaskType.of("nobody.handles.me", String.class), "x").id();
      kit.runDue();
      assertThat(kit.state(id)).isEqualTo(JobState.DEAD);
      assertThat(kit.deadJobs("default").get(0).failure().message())
          .contains("no handler for task 'nobody.handles.me'", "[echo]");
    }
  }

  @Test
  void argumentsOfTheWrongShape_areDeadLetteredNotCrashing() {
    TaskType<Integer, Void> wrong = TaskType.of("echo", Integer.class);
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(ECHO, (s, ctx) -> null);
      kit.docket().enqueue(TaskType.of("echo", Map.class), Map.of("a", 1));
      kit.runDue();
      assertThat(kit.deadJobs("default")).singleElement()
          .satisfies(d -> assertThat(d.failure().message()).contains("do not fit"));
      assertThat(wrong.name()).isEqualTo(ECHO.name());
    }
  }
}
