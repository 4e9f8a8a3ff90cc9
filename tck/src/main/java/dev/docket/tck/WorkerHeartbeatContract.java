package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C6: worker heartbeats. A started worker writes a heartbeat record to the shared store and
 * every client sharing it lists the worker ({@link Docket#workers()}) with its queues,
 * concurrency and busy slots; a closed worker is gone at once, and one that stopped beating ages
 * out within three heartbeats. Worker ids carry the test's namespace, so the listing of a shared
 * server is filtered to this test's workers. See {@code CONTRACT.md}.
 *
 * @since 0.4
 */
public abstract class WorkerHeartbeatContract extends CoordinationContract {
  /** A heartbeat record lives this many heartbeats ({@link dev.docket.WorkerInfo}). */
  private static final int TTL_BEATS = 3;

  private TaskType<TckArgs, String> task(String q) {
    return TaskType.builder(taskName("beat"), TckArgs.class, String.class).queue(q).build();
  }

  private String workerId(String name) {
    return "tck-" + name + "-" + ctx.namespace();
  }

  /** A heartbeat short enough to watch in real time; on a manual clock, the default. */
  private Duration heartbeat() {
    return time.controllable() ? Worker.DEFAULT_HEARTBEAT
        : ctx.timeouts().scale(Duration.ofMillis(300));
  }

  /**
   * A worker of {@code client} on {@code queues}, named {@code name} in this test's namespace,
   * beating every {@link #heartbeat()}, on a lease no test outlives.
   */
  private Worker.Builder beating(Docket client, String name, String... queues) {
    return client.worker().queues(queues).workerId(workerId(name)).heartbeat(heartbeat())
        .lease(TckTime.LONG_LEASE);
  }

  /** This test's worker {@code id} as listed by {@code client}, if it is. */
  private static Optional<WorkerInfo> listed(Docket client, String id) {
    return client.workers().stream().filter(w -> w.workerId().equals(id)).findFirst();
  }

  /** Another client on the shared broker and store, as a separate process would be. */
  private Docket observer() {
    return client(new ForwardingBroker(broker) {
      @Override
      public void close() {}
    }, new ForwardingStateStore(store) {
      @Override
      public void close() {}
    }, null);
  }

  @Test
  @Tag("required")
  @DisplayName("C6.1 a started worker is listed by every client sharing the store, with its"
      + " queues, concurrency, process and times")
  void c6_1_startedWorkerIsListed() {
    String a = declared("a");
    String b = declared("b");
    Instant before = time.now();
    String id = track(beating(docket(), "listed", a, b).concurrency(3)
        .handle(task(a), (x, c) -> "ok").start()).workerId();
    WorkerInfo info = listed(observer(), id).orElseThrow(() -> new AssertionError(
        "worker " + id + " is not listed right after start(); listed: " + observer().workers()));
    assertThat(info.queues()).as("queues in configured order").containsExactly(a, b);
    assertThat(info.concurrency()).isEqualTo(3);
    assertThat(info.busy()).as("busy slots of an idle worker").isZero();
    assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(info.host()).isNotBlank();
    assertThat(info.version()).isNotBlank();
    assertThat(info.started()).isBetween(before, time.now());
    assertThat(info.lastSeen()).isBetween(info.started(), time.now());
  }

  @Test
  @Tag("required")
  @DisplayName("C6.2 busy slots follow a running job: 1 while it runs, 0 after it finished")
  void c6_2_busySlotsFollowRunningJob() throws InterruptedException {
    String q = declared("main");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String id = track(beating(docket(), "busy", q).concurrency(2).fetchWait(time.fetchWait())
        .handle(task(q), (x, c) -> {
          running.countDown();
          release.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
          return "done";
        }).start()).workerId();
    docket().enqueue(task(q), new TckArgs("x"));
    assertThat(running.await(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS))
        .as("the job started").isTrue();
    awaitBusy(id, 1);
    release.countDown();
    awaitBusy(id, 0);
  }

  /** Waits for a heartbeat of {@code id} with {@code busy} slots, letting heartbeats pass. */
  private void awaitBusy(String id, int busy) {
    Docket other = observer();
    Awaitility.await("worker " + id + " to report " + busy + " busy slots")
        .atMost(ctx.timeouts().event()).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20)).until(() -> {
          Optional<WorkerInfo> w = listed(other, id);
          if (w.isPresent() && w.get().busy() == busy) {
            return true;
          }
          if (time.controllable()) {
            time.advance(heartbeat()); // the next beat; the record lives three of them
          }
          return false;
        });
  }

  @Test
  @Tag("required")
  @DisplayName("C6.3 a worker closed gracefully is not listed any more, at once")
  void c6_3_closedWorkerDisappears() {
    String q = declared("main");
    Worker w = track(beating(docket(), "closed", q).fetchWait(time.fetchWait())
        .handle(task(q), (x, c) -> "ok").start());
    String id = w.workerId();
    assertThat(listed(observer(), id)).as("listed while running").isPresent();
    w.close();
    assertThat(listed(observer(), id)).as("listed right after close()").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("C6.4 a worker whose heartbeat stopped (its process cut off) ages out within"
      + " three heartbeats, while one that beats stays listed")
  void c6_4_staleWorkerAgesOut() {
    String q = declared("main");
    PausableLink link = link();
    Docket cut = client(link.broker(), link.store(), null);
    Duration beat = heartbeat();
    String id = track(beating(cut, "stale", q).fetchWait(time.fetchWait())
        .handle(task(q), (x, c) -> "ok").start()).workerId();
    Docket other = observer();
    Instant seen = listed(other, id).orElseThrow().lastSeen();
    for (int i = 0; i < TTL_BEATS + 1; i++) { // longer than one record lives
      time.advance(beat);
      Instant previous = seen;
      await("a heartbeat of " + id + " newer than " + previous, () -> listed(other, id)
          .map(w -> w.lastSeen().isAfter(previous)).orElse(false));
      seen = listed(other, id).orElseThrow().lastSeen();
    }
    link.cut();
    // Three heartbeats after the last write, plus half of one: a write under way when the link
    // was cut may still land a moment later.
    time.advance(beat.multipliedBy(TTL_BEATS).plus(beat.dividedBy(2)));
    List<String> ids = other.workers().stream().map(WorkerInfo::workerId).toList();
    assertThat(ids).as("workers listed three heartbeats after the last one").doesNotContain(id);
  }
}
