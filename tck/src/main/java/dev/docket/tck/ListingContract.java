package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import dev.docket.NonRetryableException;
import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cron.CronSchedule;
import dev.docket.cron.CronTick;
import dev.docket.cron.Schedule;
import dev.docket.cron.ScheduleInfo;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.Step;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * W4: the listings operators read (the CLI's {@code docket schedules} and {@code docket
 * workflows}, the dashboard's pages): every process's cron schedules with their next and last
 * fire times, and the recent workflows with their progress, as another client sharing the store
 * reads them. On a controllable clock every time is checked exactly.
 *
 * @since 0.4
 */
public abstract class ListingContract extends WorkflowContract {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private TaskType<CronTick, String> tickTask() {
    return TaskType.builder("tck.list.tick", CronTick.class, String.class)
        .queue(ctx.queue("default")).build();
  }

  private TaskType<Integer, Integer> inc() {
    return TaskType.builder("tck.list.inc", Integer.class, Integer.class)
        .queue(ctx.queue("default")).build();
  }

  /** Daily at 09:00 in Paris on manual time (the zone shows in the tick); every second else. */
  private CronSchedule cron() {
    return (time.controllable() ? CronSchedule.quartz("0 0 9 * * ?")
        : CronSchedule.quartz("* * * * * ?")).zone(PARIS);
  }

  private static ScheduleInfo find(Docket reader, String name) {
    List<ScheduleInfo> all = reader.schedules();
    assertThat(all).as("schedules listed").extracting(ScheduleInfo::name).contains(name);
    return all.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @Tag("required")
  @DisplayName("W4.1 another client lists a schedule with its expression, zone, task, queue and"
      + " next fire time, and after a tick its last fire time and job id")
  void w4_1_scheduleListedWithFireTimes() {
    Docket reader = docket(secondBroker(), secondStore());
    String name = ctx.namespace() + ".listed";
    CronSchedule cron = cron();
    Scheduler scheduler = track(docket().scheduler().schedule(
        Schedule.ofTicks(name, tickTask(), cron).withQueue(ctx.queue("cron"))).build());
    Instant t0 = time.now();
    scheduler.runDue();
    ScheduleInfo before = find(reader, name);
    assertThat(before.task()).isEqualTo(tickTask().name());
    assertThat(before.queue()).isEqualTo(ctx.queue("cron"));
    assertThat(before.cron()).isEqualTo(cron.expression());
    assertThat(before.zone()).isEqualTo(PARIS);
    assertThat(before.lastFire()).as("last fire before any tick").isNull();
    assertThat(before.lastJobId()).isNull();
    Instant tick = cron.nextAfter(time.now()).orElseThrow();
    if (time.controllable()) {
      assertThat(before.nextFire()).isEqualTo(cron.nextAfter(t0).orElseThrow());
      assertThat(before.seen()).isEqualTo(t0);
    } else {
      assertThat(before.nextFire()).isAfter(t0).isBeforeOrEqualTo(tick);
    }
    Map<String, Instant> ran = new ConcurrentHashMap<>();
    Worker worker = track(docket().worker().queues(ctx.queue("cron")).lease(time.shortLease())
        .handle(tickTask(), (t, c) -> {
          ran.put(c.jobId().value(), t.tick());
          return "ok";
        }).build());
    time.advanceTo(tick);
    assertThat(scheduler.runDue()).as("jobs enqueued at the tick").isEqualTo(1);
    runUntil("the tick's job to run", () -> !ran.isEmpty(), worker);
    Map.Entry<String, Instant> job = ran.entrySet().iterator().next();
    ScheduleInfo after = find(reader, name);
    assertThat(after.lastFire()).as("last fire").isEqualTo(job.getValue());
    assertThat(after.lastJobId()).as("job of the last fire").isEqualTo(job.getKey());
    assertThat(after.nextFire()).as("next fire").isNotNull();
    if (time.controllable()) {
      assertThat(after.lastFire()).isEqualTo(tick);
      assertThat(after.nextFire()).isEqualTo(tick.plus(Duration.ofDays(1)));
      assertThat(tick.atZone(PARIS).getHour()).as("tick hour in Paris").isEqualTo(9);
    } else {
      assertThat(after.nextFire()).isAfter(after.lastFire());
    }
  }

  @Test
  @Tag("required")
  @DisplayName("W4.2 the schedules of several processes are listed once each, also when two"
      + " processes run the same schedule")
  void w4_2_schedulesOfSeveralProcessesListedOnce() {
    String shared = ctx.namespace() + ".shared";
    String own = ctx.namespace() + ".own";
    Schedule<CronTick> s = Schedule.ofTicks(shared, tickTask(), cron());
    track(docket().scheduler().schedule(s).build()).runDue();
    track(docket(secondBroker(), secondStore()).scheduler().schedule(s)
        .schedule(Schedule.ofTicks(own, tickTask(), cron())).build()).runDue();
    List<String> names = docket().schedules().stream().map(ScheduleInfo::name)
        .filter(n -> n.startsWith(ctx.namespace() + ".")).toList();
    assertThat(names).as("this test's schedules, by name").containsExactly(own, shared);
  }

  @Test
  @Tag("required")
  @DisplayName("W4.3 another client lists recent workflows newest first with kind, steps done of"
      + " total, state and start time, as they progress, succeed and fail")
  void w4_3_recentWorkflowsWithProgress() {
    Docket producer = docket();
    Docket reader = docket(secondBroker(), secondStore());
    Instant t0 = time.now();
    EnqueuedWorkflow chain = producer.enqueue(
        Workflow.chain(Workflow.step(inc(), 5)).then(inc()));
    time.advance(Duration.ofMillis(50));
    Instant t1 = time.now();
    List<Step<Integer, Integer>> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(Workflow.step(inc(), i));
    }
    EnqueuedWorkflow group = producer.enqueue(Workflow.group(members));
    List<RecentWorkflow> listed = ours(reader, chain, group);
    assertThat(listed).extracting(RecentWorkflow::id).as("newest first")
        .containsExactly(group.id(), chain.id());
    assertThat(listed).extracting(w -> w.status().kind())
        .containsExactly(Workflow.Kind.GROUP, Workflow.Kind.CHAIN);
    assertThat(listed).extracting(w -> w.status().size()).containsExactly(3, 2);
    assertThat(listed).extracting(w -> w.status().completed()).containsExactly(0, 0);
    assertThat(listed).extracting(w -> w.status().state())
        .containsOnly(WorkflowStatus.State.RUNNING);
    if (time.controllable()) {
      assertThat(listed).extracting(RecentWorkflow::started).containsExactly(t1, t0);
    } else {
      assertThat(listed.get(1).started()).isBetween(t0, t1);
      assertThat(listed.get(0).started()).isAfterOrEqualTo(t1);
    }
    Worker worker = track(worker(producer).handle(inc(), (n, c) -> {
      if (n == 2) {
        throw new NonRetryableException("member 2 refuses");
      }
      return n + 1;
    }).build());
    runUntil("both workflows to end", () -> ours(reader, chain, group).stream()
        .noneMatch(w -> w.status().state() == WorkflowStatus.State.RUNNING), worker);
    listed = ours(reader, chain, group);
    assertThat(listed.get(1).status().state()).as("chain 5 -> 6 -> 7")
        .isEqualTo(WorkflowStatus.State.SUCCEEDED);
    assertThat(listed.get(1).status().completed()).isEqualTo(2);
    assertThat(listed.get(0).status().state()).as("group with a refusing member")
        .isEqualTo(WorkflowStatus.State.FAILED);
    assertThat(listed.get(0).status().completed()).isEqualTo(2);
  }

  @Test
  @Tag("required")
  @DisplayName("W4.4 the workflow listing pages by offset and limit, refuses negative ones, and"
      + " without a store fails naming the setting; schedules without a store are this"
      + " process's")
  void w4_4_pagingAndNoStore() {
    Docket docket = docket();
    docket.enqueue(Workflow.chain(Workflow.step(inc(), 1)));
    assertThat(docket.recentWorkflows(0, 1)).hasSize(1);
    assertThat(docket.recentWorkflows(0, 0)).isEmpty();
    assertThatThrownBy(() -> docket.recentWorkflows(-1, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
    Docket noStore = docket(broker, null);
    assertThatThrownBy(() -> noStore.recentWorkflows(0, 10))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("workflow listings")
        .hasMessageContaining("store");
    assertThat(noStore.schedules()).as("schedules without a store").isEmpty();
  }

  /** This test's two workflows as {@code reader} lists them, in listing order. */
  private static List<RecentWorkflow> ours(Docket reader, EnqueuedWorkflow... mine) {
    Set<String> ids = Set.of(mine[0].id(), mine[1].id());
    return reader.recentWorkflows(0, 200).stream().filter(w -> ids.contains(w.id())).toList();
  }
}
