package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.BrokerUnavailableException;
import dev.docket.cron.CronSchedule;
import dev.docket.cron.CronTick;
import dev.docket.Docket;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.FailureReason;
import dev.docket.InvalidConfigException;
import dev.docket.testing.ManualClock;
import dev.docket.Scheduler;
import dev.docket.Task;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkflowRuntimeTest {

  /** A handler with a daily schedule, as in docs/workflows.md. */
  public static class Reports {
    final List<CronTick> ran = new CopyOnWriteArrayList<>();

    @Task(name = "reports.nightly", schedule = "0 0 * * *", zone = "UTC")
    public void nightly(CronTick tick) {
      ran.add(tick);
    }
  }

  @Test
  void annotatedSchedule_advanceOneDay_runsOnceWithItsTick() {
    Reports reports = new Reports();
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.register(reports);
      assertThat(kit.runDue()).isZero();
      assertThat(kit.advance(Duration.ofDays(1))).isEqualTo(1);
      assertThat(kit.runDue()).isZero();
      assertThat(reports.ran).containsExactly(
          new CronTick("reports.nightly", Instant.parse("2030-01-02T00:00:00Z")));
      assertThat(kit.advance(Duration.ofDays(3))).as("RUN_ONCE after three missed days")
          .isEqualTo(1);
    }
  }

  @Test
  void annotatedSchedule_withAZone_ticksInThatZone() {
    // 02:00 in Paris is 01:00 UTC in winter.
    class Paris {
      final List<Instant> ran = new CopyOnWriteArrayList<>();

      @Task(name = "paris.two", schedule = "0 2 * * *", zone = "Europe/Paris")
      public void two(CronTick tick) {
        ran.add(tick.tick());
      }
    }
    Paris paris = new Paris();
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.register(paris);
      assertThat(kit.runDue()).as("runs at 00:00 UTC, 01:00 in Paris").isZero();
      assertThat(kit.advance(Duration.ofHours(1))).as("runs by 01:00 UTC").isEqualTo(1);
      assertThat(paris.ran).containsExactly(Instant.parse("2030-01-01T01:00:00Z"));
    }
  }

  @Test
  void scheduledMethod_withAnotherArgument_isRejectedNamingTheMethod() {
    class Wrong {
      @Task(name = "wrong.arg", schedule = "0 0 * * *")
      public void run(String notATick) {}
    }
    try (DocketTestKit kit = DocketTestKit.create()) {
      assertThatThrownBy(() -> kit.register(new Wrong()))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("Wrong.run").hasMessageContaining("CronTick");
    }
  }

  @Test
  void workerWithSchedule_withoutStore_failsAtBuild() {
    ManualClock clock = new ManualClock();
    TaskType<CronTick, Void> tick = TaskType.of("tick", CronTick.class);
    try (Docket docket = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock)
        .build()) {
      Worker.Builder builder = docket.worker().handle(tick, (t, c) -> null)
          .schedule(tick, CronSchedule.unix("* * * * *"), new CronTick("x", clock.instant()));
      assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("cron schedules");
    }
  }

  @Test
  void chain_withoutStore_failsAtEnqueue_nothingEnqueued() {
    // Issue 10.16: a chain's links are checked against its record in the store, so a chain
    // needs a store like groups and chords do.
    ManualClock clock = new ManualClock();
    TaskType<Integer, Integer> plusOne = TaskType.of("plus.one", Integer.class, Integer.class);
    try (Docket docket = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock)
        .build()) {
      assertThat(docket.store()).isEmpty();
      assertThatThrownBy(() -> docket.enqueue(Workflow.chain(Workflow.step(plusOne, 1))
          .then(plusOne))).isInstanceOf(dev.docket.InvalidConfigException.class)
          .hasMessageContaining("chains");
      assertThat(docket.stats("default").total()).isZero();
    }
  }

  @Test
  void startedScheduler_onManualClock_wakesWhenAdvanced() throws Exception {
    try (DocketTestKit kit = DocketTestKit.create()) {
      TaskType<CronTick, Void> tick = TaskType.of("every.minute", CronTick.class);
      Scheduler scheduler = kit.docket().scheduler()
          .schedule(dev.docket.cron.Schedule.ofTicks("every.minute", tick,
              CronSchedule.unix("* * * * *")))
          .start();
      try {
        // The first pass records where the schedule starts; wait for it on the queue's view.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> kit.store().get("docket:cron:every.minute:last").isPresent());
        kit.clock().advance(Duration.ofMinutes(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> kit.docket().stats("default").ready() == 1);
      } finally {
        scheduler.close();
      }
      assertThat(scheduler.isRunning()).isFalse();
    }
  }

  @Test
  void scheduler_publishRejected_givesTheTickBackAndEnqueuesItNextPass() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      TaskType<CronTick, Void> tick = TaskType.of("hourly", CronTick.class);
      Scheduler scheduler = kit.docket().scheduler()
          .schedule(dev.docket.cron.Schedule.ofTicks("hourly", tick, CronSchedule.unix("0 * * * *")))
          .build();
      scheduler.runDue();
      kit.clock().advance(Duration.ofHours(1));
      kit.broker().injectFault(Fault.REJECT_PUBLISH, 1);
      assertThatThrownBy(scheduler::runDue).isInstanceOf(BrokerUnavailableException.class);
      assertThat(kit.docket().stats("default").ready()).isZero();
      assertThat(scheduler.runDue()).as("the tick is retried, not lost").isEqualTo(1);
      assertThat(scheduler.runDue()).isZero();
      assertThat(kit.docket().stats("default").ready()).isEqualTo(1);
    }
  }
}
