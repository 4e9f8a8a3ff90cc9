package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.cron.CronSchedule;
import dev.docket.cron.CronTick;
import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import dev.docket.cron.MisfirePolicy;
import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * W1: cron schedules. Every tick of a schedule yields exactly one job however many schedulers
 * run it, including after the tick's job was acked; missed ticks follow the misfire policy; bad
 * expressions and a missing store fail at registration. The schedules tick every second, so the
 * same tests run on a controllable clock (time moved by hand) and in real time (a few seconds).
 *
 * @since 0.1
 */
public abstract class CronContract extends WorkflowContract {

  /** Every second, Quartz syntax. */
  static final CronSchedule EVERY_SECOND = CronSchedule.quartz("* * * * * ?");

  private TaskType<CronTick, Void> tickTask() {
    return TaskType.builder("tck.cron.tick", CronTick.class, Void.class)
        .queue(ctx.queue("default")).build();
  }

  private String scheduleName(String suffix) {
    return ctx.namespace() + "." + suffix;
  }

  /** Runs a worker that records the ticks of jobs it ran, per tick. */
  private Worker tickRecorder(Docket docket, Map<Instant, AtomicInteger> runs) {
    return worker(docket).handle(tickTask(), (tick, c) -> {
      runs.computeIfAbsent(tick.tick(), t -> new AtomicInteger()).incrementAndGet();
      return null;
    }).build();
  }

  @Test
  @Tag("required")
  @DisplayName("W1.1 three schedulers running at once enqueue exactly one job per tick, also"
      + " a slow one after that job was acked")
  void w1_1_threeSchedulersOneJobPerTick() throws Exception {
    Schedule<CronTick> schedule = Schedule.ofTicks(scheduleName("n3"), tickTask(), EVERY_SECOND);
    List<Scheduler> schedulers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // One client per scheduler, as three processes would have.
      schedulers.add(docket().scheduler().schedulerId("s" + i).schedule(schedule).build());
    }
    // The third is slow: it always reads the schedule's progress as it was at registration, as
    // a process that read it just before the others moved it on and then paused. Only the
    // per-tick claim in the store keeps it from enqueuing a tick whose job already ran.
    Map<String, byte[]> firstSeen = new ConcurrentHashMap<>();
    StateStore stale = new ForwardingStateStore(store) {
      @Override
      public Optional<byte[]> get(String key) {
        Optional<byte[]> value = super.get(key);
        if (key.endsWith(":last") && value.isPresent()) {
          return Optional.of(firstSeen.computeIfAbsent(key, k -> value.get()));
        }
        return value;
      }
    };
    schedulers.add(docket(broker, stale).scheduler().schedulerId("slow").schedule(schedule)
        .build());
    Map<Instant, AtomicInteger> runs = new ConcurrentHashMap<>();
    Worker worker = tickRecorder(docket(), runs);
    schedulers.forEach(Scheduler::runDue); // each records where the schedule starts
    List<Instant> ticks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 3; round++) {
        Instant tick = EVERY_SECOND.nextAfter(time.now()).orElseThrow();
        time.advanceTo(tick);
        ticks.add(tick);
        int enqueued = runConcurrently(pool, schedulers);
        assertThat(enqueued).as("jobs enqueued by 3 schedulers racing at tick %s", tick)
            .isEqualTo(1);
        runUntil("the job of tick " + tick + " to run", () -> runs.containsKey(tick), worker);
        // A late scheduler seeing the same tick after its job was acked must not enqueue again.
        // In real time a slow broker may take past the next tick: that tick may be enqueued now
        // (once; the check after the loop proves every tick ran exactly once), never this one.
        int late = runConcurrently(pool, schedulers);
        assertThat(late).as("jobs enqueued for tick %s after its job ran (later ticks due: %s)",
            tick, ticksDue(tick, time.now())).isLessThanOrEqualTo(ticksDue(tick, time.now()));
      }
    } finally {
      pool.shutdownNow();
    }
    worker.runDue();
    assertThat(runs.keySet()).as("ticks that ran").containsAll(ticks);
    runs.forEach((tick, n) -> assertThat(n.get()).as("runs of tick %s", tick).isEqualTo(1));
  }

  /** Ticks of {@link #EVERY_SECOND} after {@code tick} and at or before {@code now}. */
  private static int ticksDue(Instant tick, Instant now) {
    int n = 0;
    Instant next = EVERY_SECOND.nextAfter(tick).orElseThrow();
    while (!next.isAfter(now)) {
      n++;
      next = EVERY_SECOND.nextAfter(next).orElseThrow();
    }
    return n;
  }

  private static int runConcurrently(ExecutorService pool, List<Scheduler> schedulers)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> out = new ArrayList<>();
    for (Scheduler s : schedulers) {
      out.add(pool.submit(() -> {
        go.await();
        return s.runDue();
      }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> f : out) {
      total += f.get();
    }
    return total;
  }

  @Test
  @Tag("required")
  @DisplayName("W1.2 three started schedulers wake at each tick on the injected clock and"
      + " enqueue one job per tick")
  void w1_2_startedSchedulersWakeOnTheClock() {
    Schedule<CronTick> schedule = Schedule.ofTicks(scheduleName("bg"), tickTask(), EVERY_SECOND);
    Map<Instant, AtomicInteger> runs = new ConcurrentHashMap<>();
    Worker worker = tickRecorder(docket(), runs);
    List<Scheduler> schedulers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      schedulers.add(track(docket().scheduler().schedulerId("bg" + i).schedule(schedule)
          .start()));
    }
    Instant start = time.now();
    // Let three ticks pass; on a manual clock each advance wakes the schedulers at once.
    for (int i = 0; i < 3; i++) {
      Instant tick = EVERY_SECOND.nextAfter(time.now()).orElseThrow();
      time.advanceTo(tick);
      Awaitility.await("a started scheduler to enqueue tick " + tick)
          .atMost(ctx.timeouts().event()).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            worker.runDue();
            return runs.containsKey(tick);
          });
    }
    schedulers.forEach(Scheduler::close);
    worker.runDue();
    assertThat(runs).as("ticks after %s", start).isNotEmpty();
    runs.forEach((tick, n) -> assertThat(n.get()).as("runs of tick %s", tick).isEqualTo(1));
  }

  @Test
  @Tag("required")
  @DisplayName("W1.3 a daily schedule on a worker runs exactly once when a day passes")
  void w1_3_dailyScheduleRunsOncePerDay() {
    BrokerContract.requireCapability(time.controllable(), "controllableClock",
        "W1.3 (moving the clock by a day)");
    AtomicInteger runs = new AtomicInteger();
    Worker worker = worker(docket())
        .handle(tickTask(), (tick, c) -> {
          runs.incrementAndGet();
          return null;
        })
        .schedule(Schedule.ofTicks(scheduleName("daily"), tickTask(),
            CronSchedule.unix("0 0 * * *")))
        .build();
    worker.runDue();
    assertThat(runs.get()).as("runs before a day passed").isZero();
    time.advance(Duration.ofDays(1));
    worker.runDue();
    worker.runDue();
    assertThat(runs.get()).as("runs after one day").isEqualTo(1);
    time.advance(Duration.ofHours(23));
    worker.runDue();
    assertThat(runs.get()).as("runs 23 hours later").isEqualTo(1);
    time.advance(Duration.ofHours(1));
    worker.runDue();
    assertThat(runs.get()).as("runs after two days").isEqualTo(2);
  }

  @Test
  @Tag("required")
  @DisplayName("W1.4 ticks missed while no scheduler ran follow the misfire policy: RUN_ONCE one"
      + " catch-up job, SKIP none, RUN_ALL one per tick up to its cap")
  void w1_4_misfirePolicy() {
    // Register 100 ms after a whole second (not in a minute's last five seconds, so the three
    // ticks after it share its minute), so no tick falls between now and the registration.
    Instant start = time.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    if (start.atZone(ZoneOffset.UTC).getSecond() > 55) {
      start = start.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    }
    time.advanceTo(start.plusMillis(100));
    Instant registered = time.now();
    // A schedule with exactly these three ticks and no other for a year: on a real clock a slow
    // pass can never see a fourth tick arrive (every second would tick again 400 ms later).
    CronSchedule threeTicks = threeTicksAfter(registered);
    Map<String, Schedule<CronTick>> schedules = new LinkedHashMap<>();
    schedules.put("once", misfire("once", threeTicks, MisfirePolicy.RUN_ONCE, 100));
    schedules.put("skip", misfire("skip", threeTicks, MisfirePolicy.SKIP, 100));
    schedules.put("all", misfire("all", threeTicks, MisfirePolicy.RUN_ALL, 100));
    schedules.put("all-cap2", misfire("all-cap2", threeTicks, MisfirePolicy.RUN_ALL, 2));
    Scheduler scheduler = docket().scheduler().schedules(List.copyOf(schedules.values())).build();
    scheduler.runDue();
    // Down for three ticks; back 600 ms after the last one, later than the 300 ms threshold.
    Instant back = registered.truncatedTo(ChronoUnit.SECONDS).plusSeconds(3).plusMillis(600);
    time.advanceTo(back);
    List<Instant> missed = new ArrayList<>();
    for (Optional<Instant> t = threeTicks.nextAfter(registered);
        t.isPresent() && !t.get().isAfter(back); t = threeTicks.nextAfter(t.get())) {
      missed.add(t.get());
    }
    assertThat(missed).as("ticks missed").hasSize(3);
    Map<String, List<Instant>> want = Map.of(
        "once", missed.subList(2, 3),
        "skip", List.of(),
        "all", missed,
        "all-cap2", missed.subList(1, 3));
    assertThat(scheduler.runDue()).as("jobs enqueued after missing ticks %s", missed)
        .isEqualTo(1 + 0 + 3 + 2);
    assertThat(scheduler.runDue()).as("a second pass enqueues nothing more").isZero();
    Map<String, List<Instant>> ran = new ConcurrentHashMap<>();
    Worker worker = worker(docket()).handle(tickTask(), (tick, c) -> {
      ran.computeIfAbsent(tick.schedule(), k -> new CopyOnWriteArrayList<>()).add(tick.tick());
      return null;
    }).build();
    runUntil("6 catch-up jobs to run",
        () -> ran.values().stream().mapToInt(List::size).sum() == 6, worker);
    schedules.forEach((key, schedule) -> assertThat(ran.getOrDefault(schedule.name(), List.of()))
        .as("ticks run for %s", schedule).containsExactlyInAnyOrderElementsOf(want.get(key)));
  }

  /** Quartz, UTC: the three whole seconds after {@code t}, on its minute of its day only. */
  private static CronSchedule threeTicksAfter(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    int s = z.getSecond();
    return CronSchedule.quartz((s + 1) + "," + (s + 2) + "," + (s + 3) + " " + z.getMinute() + " "
        + z.getHour() + " " + z.getDayOfMonth() + " " + z.getMonthValue() + " ?");
  }

  private Schedule<CronTick> misfire(String suffix, CronSchedule cron, MisfirePolicy policy,
      int cap) {
    return Schedule.ofTicks(scheduleName("misfire-" + suffix), tickTask(), cron)
        .withMisfire(policy).withMaxCatchUp(cap).withMisfireThreshold(Duration.ofMillis(300));
  }

  @Test
  @Tag("required")
  @DisplayName("W1.5 a bad cron expression fails at registration naming the expression and"
      + " the field")
  void w1_5_badCronFailsAtRegistration() {
    assertThatThrownBy(() -> CronSchedule.unix("0 25 * * *"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'0 25 * * *'").hasMessageContaining("hour");
    assertThatThrownBy(() -> CronSchedule.quartz("0 0 0 32 * ?"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("day-of-month");
    assertThatThrownBy(() -> docket().worker().register(new BadSchedule()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("BadSchedule.tick").hasMessageContaining("'*/5 * * *'");
  }

  /** A handler whose schedule has four fields. */
  public static final class BadSchedule {
    /** Never runs. */
    @dev.docket.Task(name = "tck.cron.bad", schedule = "*/5 * * *")
    public void tick(CronTick tick) {}
  }

  @Test
  @Tag("required")
  @DisplayName("W1.6 a scheduler without a shared state store fails at build naming the"
      + " feature and the setting")
  void w1_6_schedulerNeedsStore() {
    Docket noStore = docket(broker, null);
    assertThatThrownBy(() -> noStore.scheduler()
        .schedule(Schedule.ofTicks(scheduleName("nostore"), tickTask(), EVERY_SECOND)).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("cron schedules").hasMessageContaining("store");
  }

  @Test
  @Tag("required")
  @DisplayName("W1.7 a scheduler killed between enqueuing a tick and marking it done: another"
      + " process's scheduler, after the claim timeout, does not enqueue that tick again")
  void w1_7_killedSchedulerDoesNotLetTheTickRunTwice() {
    Duration claimTimeout = time.controllable() ? Duration.ofMinutes(1) : Duration.ofSeconds(2);
    Schedule<CronTick> schedule = Schedule.ofTicks(scheduleName("kill"), tickTask(), EVERY_SECOND)
        .withMisfire(MisfirePolicy.RUN_ALL).withMaxCatchUp(1000);
    // Process 1 dies right after its enqueue: its write of the tick's "done" never happens.
    Map<String, Integer> publishes = new ConcurrentHashMap<>();
    List<String> killedClaims = new CopyOnWriteArrayList<>();
    AtomicBoolean dead = new AtomicBoolean();
    StateStore dying = new ForwardingStateStore(store) {
      @Override
      public void put(String key, byte[] value, @org.jspecify.annotations.Nullable Duration ttl) {
        if (key.contains(":tick:") && "done".equals(new String(value,
            java.nio.charset.StandardCharsets.UTF_8)) && dead.compareAndSet(false, true)) {
          killedClaims.add(key);
          throw new IllegalStateException("simulated kill after the enqueue");
        }
        super.put(key, value, ttl);
      }
    };
    List<Scheduler> schedulers = new ArrayList<>();
    for (StateStore s : List.of(dying, secondStore())) {
      dev.docket.spi.Broker own = s == dying ? broker : secondBroker();
      dev.docket.spi.Broker counting = new ForwardingBroker(own) {
        @Override
        public List<dev.docket.spi.PublishOutcome> publish(String queue,
            List<dev.docket.spi.Message> messages) {
          messages.forEach(m -> publishes.merge(m.id(), 1, Integer::sum));
          return super.publish(queue, messages);
        }
      };
      schedulers.add(docket(counting, s).scheduler().schedulerId("p" + schedulers.size())
          .claimTimeout(claimTimeout).schedule(schedule).build());
    }
    Map<Instant, AtomicInteger> runs = new ConcurrentHashMap<>();
    Worker worker = tickRecorder(docket(), runs);
    schedulers.get(0).runDue(); // records where the schedule starts
    Instant tick = EVERY_SECOND.nextAfter(time.now()).orElseThrow();
    time.advanceTo(tick);
    assertThatThrownBy(() -> schedulers.get(0).runDue()).hasMessageContaining("simulated kill");
    assertThat(killedClaims).hasSize(1);
    // In real time a second may pass between the first runDue and the advance, and the dying
    // scheduler then enqueues an earlier tick first: the killed tick is whichever one ran.
    runUntil("the killed scheduler's tick (" + tick + " or earlier) to run",
        () -> !runs.isEmpty(), worker);
    assertThat(runs).as("ticks enqueued by the scheduler that died").hasSize(1);
    Instant killed = runs.keySet().iterator().next();
    time.advance(claimTimeout.plusSeconds(1));
    schedulers.get(1).runDue(); // catches up every tick since the start, the killed one too
    worker.runDue();
    runUntil("the caught-up ticks to run", () -> broker.stats(ctx.queue("default")).total() == 0,
        worker);
    assertThat(runs.get(killed)).as("runs of the killed scheduler's tick %s", killed).hasValue(1);
    publishes.forEach((id, n) -> assertThat(n).as("enqueues of job %s", id).isEqualTo(1));
  }
}
