package dev.docket.tck.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docket.DeadJob;
import dev.docket.FailureReason;
import dev.docket.tck.fault.RunLog.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/** The F1–F6 scenarios, run by {@link FaultKit}'s nested groups. */
final class FaultScenarios {

  /** The lease the kit configures where a rule does not test the default. */
  static final Duration LEASE = Duration.ofSeconds(5);

  private FaultScenarios() {}

  /** F1: SIGKILL one of three workers mid-run, replace it, account for 20,000 jobs. */
  static void killNine(FaultKit kit, String rule, @Nullable Duration lease) {
    int jobs = kit.scaled(20_000);
    Duration effective = lease != null ? lease : dev.docket.Worker.DEFAULT_LEASE;
    try (FaultRun run = new FaultRun(kit, rule, false)) {
      WorkerFleet fleet = run.fleet(run.spec(50, lease), 3);
      Set<String> ids = run.enqueue("j", jobs, 100, Duration.ZERO);
      run.awaitCompleted(jobs / 4, Duration.ofMinutes(3));
      WorkerProcess victim = fleet.kill(busiest(run, fleet.workers()));
      Instant killed = java.util.Objects.requireNonNull(victim.killedAt());
      fleet.add();
      run.awaitDrained(ids, effective.plus(Duration.ofMinutes(3)));
      Duration recovery = recovery(run.runs(), victim.pid(), killed);
      long open = run.runs().all().stream()
          .filter(r -> r.pid() == victim.pid() && r.endMillis() == null).count();
      run.check(Accounting.of(rule, ids).lease(effective), recovery, "kill -9 of 1 of 3 workers"
          + " (concurrency 50, jobs of 100 ms) at 25 % done with " + open + " runs open on it,"
          + " lease " + (lease == null ? "default " : "") + effective.toSeconds() + " s;"
          + " recovery = kill to the last of its jobs running again elsewhere");
    }
  }

  /**
   * The index of the worker with the most runs open (the first on a tie), once any run is open
   * (waiting at most 10 s): killing it leaves jobs to recover, so every F1 run measures recovery,
   * also when a loaded machine pauses the workers between batches at 25 % done.
   */
  static int busiest(FaultRun run, List<WorkerProcess> workers) {
    AtomicReference<Map<Long, Long>> seen = new AtomicReference<>(Map.of());
    try {
      // Runs open at the moment of the kill: wait, bounded, for a moment with some (a loaded
      // machine can pause every worker at once between batches).
      await().atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10)).until(() -> {
            Map<Long, Long> now = run.runs().all().stream().filter(r -> r.endMillis() == null)
                .collect(Collectors.groupingBy(Run::pid, Collectors.counting()));
            seen.set(now);
            return !now.isEmpty();
          });
    } catch (ConditionTimeoutException e) {
      // None open for 10 s: kill the first worker; the report says 0 runs were open on it.
    }
    Map<Long, Long> open = java.util.Objects.requireNonNull(seen.get());
    int best = 0;
    for (int i = 1; i < workers.size(); i++) {
      if (open.getOrDefault(workers.get(i).pid(), 0L)
          > open.getOrDefault(workers.get(best).pid(), 0L)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * From {@code from} (the kill) until the last job the killed process {@code pid} had run or was
   * running started again in another process: how long its lost leases kept work back. Jobs it
   * had leased but not started are not in the records; their first runs elsewhere come at the
   * same lease expiry. {@code null} when none of its jobs ran again.
   */
  static @Nullable Duration recovery(RunLog log, long pid, Instant from) {
    long kill = from.toEpochMilli();
    long latest = -1;
    for (List<Run> runs : log.byJob().values()) {
      if (runs.stream().noneMatch(r -> r.pid() == pid)) {
        continue;
      }
      long again = runs.stream().filter(r -> r.pid() != pid && r.startMillis() >= kill)
          .mapToLong(Run::startMillis).min().orElse(-1);
      latest = Math.max(latest, again);
    }
    return latest < 0 ? null : Duration.ofMillis(latest - kill);
  }

  /** The first run start at or after {@code from}: how long the work stood still. */
  static @Nullable Duration firstStartAfter(RunLog log, Instant from) {
    long first = log.all().stream().mapToLong(Run::startMillis)
        .filter(s -> s >= from.toEpochMilli()).min().orElse(-1);
    return first < 0 ? null : Duration.ofMillis(first - from.toEpochMilli());
  }

  /** F2: the server restarts mid-run; workers and the producer carry on by themselves. */
  static void restart(FaultKit kit, String rule) {
    int jobs = kit.scaled(10_000);
    try (FaultRun run = new FaultRun(kit, rule, false)) {
      run.fleet(run.spec(30, LEASE), 3);
      Set<String> first = run.enqueue("a", jobs / 2, 5, Duration.ofMinutes(1));
      run.awaitCompleted(jobs / 8, Duration.ofMinutes(2));
      Instant down = Instant.now();
      CompletableFuture<Set<String>> producer = CompletableFuture.supplyAsync(
          () -> run.enqueue("b", jobs / 2, 5, Duration.ofMinutes(2)));
      run.server().restart(Duration.ofSeconds(3));
      Instant up = Instant.now();
      drainAndCheck(run, rule, first, producer, Duration.ofMinutes(3), down, up,
          () -> "server restart (3 s down) with 3 workers and a producer running; recovery ="
          + " server up to first run start");
    }
  }

  /** F3: the proxy cuts every connection twice and blackholes traffic once, mid-run. */
  static void connectionCut(FaultKit kit, String rule) {
    int jobs = kit.scaled(10_000);
    try (FaultRun run = new FaultRun(kit, rule, true)) {
      run.fleet(run.spec(30, LEASE), 3);
      List<Instant[]> windows = new ArrayList<>();
      CompletableFuture<Set<String>> producer = CompletableFuture.supplyAsync(
          () -> run.enqueue("j", jobs, 5, Duration.ofMinutes(2)));
      run.awaitCompleted(jobs / 5, Duration.ofMinutes(2));
      Instant at = Instant.now();
      run.proxy().cutAll();
      windows.add(new Instant[] {at, Instant.now().plusSeconds(1)});
      run.awaitCompleted(jobs * 2L / 5, Duration.ofMinutes(2));
      at = Instant.now();
      run.proxy().pause();
      sleep(Duration.ofSeconds(3));
      run.proxy().resume();
      Instant resumed = Instant.now();
      windows.add(new Instant[] {at, resumed.plusSeconds(1)});
      run.awaitCompleted(jobs * 3L / 5, Duration.ofMinutes(2));
      at = Instant.now();
      run.proxy().cutAll();
      Instant last = Instant.now();
      windows.add(new Instant[] {at, last.plusSeconds(1)});
      Set<String> ids = producer.join();
      // No delivery may stay leased to nobody for longer than one lease after the last fault.
      run.awaitDrained(ids, LEASE.plus(Duration.ofMinutes(2)));
      Accounting acc = Accounting.of(rule, ids).lease(LEASE).enqueuedTwice(run.enqueuedTwice());
      windows.forEach(w -> acc.faultWindow(w[0], w[1]));
      run.check(acc, firstStartAfter(run.runs(), last), "proxy cut all at 20 %, 3 s blackhole at"
          + " 40 %, cut all at 60 %, producer enqueuing throughout; recovery = last cut to next"
          + " run start");
    }
  }

  /**
   * F4: the server stalls for 20 s while 1,000 jobs run; no lease lapses, nothing runs twice.
   * The workers keep the default lease (30 s): a stall shorter than a lease must not cost one,
   * however many jobs are in flight.
   */
  static void stall(FaultKit kit, String rule) {
    int jobs = kit.scaled(1_000);
    Duration lease = dev.docket.Worker.DEFAULT_LEASE;
    Duration stall = Duration.ofSeconds(20);
    try (FaultRun run = new FaultRun(kit, rule, true)) {
      // Spare slots, so a lapsed lease would be picked up at once and show as a second run.
      run.fleet(run.spec(jobs * 3 / 4, null), 2);
      Set<String> ids = run.enqueue("j", jobs, 40_000, Duration.ZERO);
      run.awaitStarted(jobs, Duration.ofMinutes(2));
      Instant at = Instant.now();
      String how = run.stall(stall);
      run.awaitDrained(ids, Duration.ofMinutes(3));
      run.check(Accounting.of(rule, ids).lease(lease).strict(), null, jobs + " jobs of 40 s"
          + " running on 2 workers, default lease 30 s, " + how + " for " + stall.toSeconds() + " s from "
          + at);
    }
  }

  /** F5: a job that halts its worker JVM every time ends as DELIVERY_LIMIT; the rest complete. */
  static void poison(FaultKit kit, String rule) {
    int bystanders = 200;
    Duration lease = Duration.ofSeconds(3);
    try (FaultRun run = new FaultRun(kit, rule, false)) {
      run.fleet(run.spec(10, lease), 2).restartCrashed(true);
      String poison = run.enqueuePoison("poison");
      Set<String> others = run.enqueue("j", bystanders, 1_500, Duration.ZERO);
      Set<String> ids = new HashSet<>(others);
      ids.add(poison);
      run.awaitDrained(ids, Duration.ofMinutes(4));
      Map<String, DeadJob> dead = run.deadLetters();
      assertThat(dead).as("%s: the DLQ holds the poison job", rule).containsKey(poison);
      DeadJob letter = java.util.Objects.requireNonNull(dead.get(poison));
      assertThat(letter.failure().reason()).as("%s: the poison job's reason", rule)
          .isEqualTo(FailureReason.DELIVERY_LIMIT);
      run.check(Accounting.of(rule, ids).lease(lease).deadLetters(Set.of(poison)), null,
          "1 poison job (halts its JVM) among " + bystanders + " jobs of 1.5 s, 2 workers"
          + " restarted after each crash, lease 3 s; poison dead after "
          + letter.failure().attempts() + " deliveries");
    }
  }

  /** F6: at the memory limit enqueues fail clearly, running jobs finish, nothing stored is lost. */
  static void fullServer(FaultKit kit, String rule) {
    try (FaultRun run = new FaultRun(kit, rule, false)) {
      run.fleet(run.spec(20, LEASE), 2);
      Set<String> ids = new HashSet<>(run.enqueue("j", 200, 2_000, Duration.ZERO));
      run.awaitStarted(20, Duration.ofMinutes(1));
      run.server().fill(true);
      List<String> refused = IntStream.range(0, 50).mapToObj(i -> "late-" + i).toList();
      try {
        assertThatThrownBy(() -> run.enqueueOnce(refused, 10))
            .as("%s: an enqueue at the memory limit fails", rule)
            .hasMessageContainingAll("memory");
        run.awaitCompleted(20, Duration.ofMinutes(1));
      } finally {
        run.server().fill(false);
      }
      Instant freed = Instant.now();
      run.enqueueOnce(refused, 10);
      ids.addAll(refused);
      run.awaitDrained(ids, Duration.ofMinutes(3));
      run.check(Accounting.of(rule, ids).lease(LEASE).enqueuedTwice(Set.copyOf(refused)),
          firstStartAfter(run.runs(), freed), "maxmemory = used memory (noeviction) with 200 jobs"
          + " stored and 20 running; 50 enqueues refused, sent again after the limit lifted");
    }
  }

  /**
   * F7: the cluster node serving the queue is killed with SIGKILL while 3 workers run and a
   * producer enqueues; the cluster fails over by itself. Every job whose enqueue returned must
   * complete (an enqueue that threw is sent again with the same ids).
   */
  static void clusterNodeDies(FaultKit kit, String rule) {
    int jobs = kit.scaled(6_000);
    try (FaultRun run = FaultRun.onCluster(kit, rule)) {
      run.fleet(run.spec(30, LEASE), 3);
      Set<String> first = run.enqueue("a", jobs / 2, 5, Duration.ofMinutes(1));
      run.awaitCompleted(jobs / 6, Duration.ofMinutes(2));
      FaultCluster cluster = (FaultCluster) run.server();
      int victim = cluster.victim(run.queue());
      CompletableFuture<Set<String>> producer = CompletableFuture.supplyAsync(
          () -> run.enqueue("b", jobs / 2, 5, Duration.ofMinutes(3)));
      Instant killed = Instant.now();
      cluster.kill(victim);
      String healed = cluster.awaitServing(Duration.ofMinutes(2));
      Instant serving = Instant.now();
      drainAndCheck(run, rule, first, producer, Duration.ofMinutes(4), killed, serving,
          () -> "node " + victim + " (serving the queue) killed with SIGKILL at 1/6 done, producer"
          + " enqueuing throughout; " + healed + " after "
          + Duration.between(killed, serving).toMillis() + " ms; " + run.enqueuedTwice().size()
          + " enqueues threw and were sent again; recovery = serving again to next run start");
    }
  }

  /**
   * The end of a scenario whose producer enqueued through the fault: waits up to {@code drain}
   * until every job ran ({@code first} and all that {@code producer} enqueued), then checks the
   * accounting of {@code rule} with the fault window from {@code down} to 1 s after {@code up},
   * and recovery from {@code up} to the next run start; {@code what} describes the scenario.
   */
  private static void drainAndCheck(FaultRun run, String rule, Set<String> first,
      CompletableFuture<Set<String>> producer, Duration drain, Instant down, Instant up,
      Supplier<String> what) {
    Set<String> ids = new HashSet<>(first);
    ids.addAll(producer.join());
    run.awaitDrained(ids, drain);
    run.check(Accounting.of(rule, ids).lease(LEASE).faultWindow(down, up.plusSeconds(1))
        .enqueuedTwice(run.enqueuedTwice()), firstStartAfter(run.runs(), up), what.get());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
