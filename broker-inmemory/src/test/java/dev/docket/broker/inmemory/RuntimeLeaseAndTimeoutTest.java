package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.HealthThresholds;
import dev.docket.JobEvent;
import dev.docket.JobStateTracker;
import dev.docket.testing.ManualClock;
import dev.docket.OnConflict;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.ForwardingStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worker's lease keeper and timeouts on the manual clock (issue 10, items 7 and 10): exact
 * instants, no waiting on wall time for a lease or a timeout.
 */
class RuntimeLeaseAndTimeoutTest {
  static final Duration BOUND = Duration.ofSeconds(30);
  static final Duration LEASE = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker memory = InMemoryBroker.create(clock);
  private final InMemoryStateStore memoryStore = InMemoryStateStore.create(clock);
  private final StallingBroker broker = new StallingBroker(memory);
  private final CountingStore store = new CountingStore(memoryStore);
  private final JobStateTracker tracker = new JobStateTracker();
  private final Docket docket = Docket.builder().broker(broker).store(store).clock(clock)
      .listener(tracker).build();

  @AfterEach
  void close() {
    broker.lift();
    docket.close();
  }

  @Test
  @DisplayName("issue 10.7: 1,000 running jobs keep their leases and singleton locks through a"
      + " 20 s broker stall")
  void item7_thousandJobsKeepLeasesAndLocksThroughABrokerStall() throws Exception {
    int jobs = 1000;
    TaskType<Integer, Void> task = TaskType.builder("held", Integer.class, Void.class)
        .singleton(n -> "k" + n, OnConflict.RESCHEDULE, Duration.ofSeconds(5)).build();
    Set<Integer> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    try (Worker w = docket.worker().concurrency(jobs).lease(LEASE).handle(task, (n, c) -> {
      runs.incrementAndGet();
      ran.add(n);
      finish.await();
      return null;
    }).start()) {
      Jobs.enqueueNumbered(docket, task, jobs);
      // Every run blocks on finish: once each job has started, all of them are running.
      await().atMost(BOUND).until(() -> runs.get() == jobs);
      // The worst moment: the broker stalls just before a round is due, so the round's call
      // hangs while every lease is already a period old.
      broker.stall();
      int beats = store.extensions.get();
      clock.advance(Duration.ofMillis(7_500));
      await("the round's broker call to hang").atMost(BOUND)
          .until(() -> broker.stalledCalls.get() > 0);
      // Locks are extended although the broker hangs: the store is not held up by it.
      await("the locks' heartbeats").atMost(BOUND)
          .until(() -> store.extensions.get() >= beats + jobs);
      for (int step = 0; step < 8; step++) {
        int before = store.extensions.get();
        clock.advance(Duration.ofMillis(2_500));
        if (step % 3 == 2) {
          await("the locks' heartbeats").atMost(BOUND)
              .until(() -> store.extensions.get() >= before + jobs);
        }
      }
      // 20 s of stall: the broker answers again at 27.5 s, 2.5 s before the leases lapse.
      broker.lift();
      await("the stalled extensions to land").atMost(BOUND)
          .until(() -> broker.extended.get() >= jobs);
      clock.advance(Duration.ofSeconds(5));
      List<Delivery> stolen = memory.fetch(new FetchRequest(List.of("default"), 10, LEASE,
          Duration.ZERO));
      assertThat(stolen).as("deliveries another worker gets at 32.5 s").isEmpty();
      assertThat(memory.stats("default").inFlight()).isEqualTo(jobs);
      for (int i = 0; i < jobs; i++) {
        assertThat(memoryStore.get("docket:lock:held:k" + i)).as("lock of job %s", i)
            .isPresent();
      }
      finish.countDown();
      await().atMost(BOUND).until(() -> memory.stats("default").total() == 0);
    }
    assertThat(runs.get()).as("runs of %s jobs", jobs).isEqualTo(jobs);
    assertThat(ran).hasSize(jobs);
  }

  @Test
  @DisplayName("issue 10.10: a handler that ignores interruption keeps its lock until its thread"
      + " ends, and is reported stuck in events and health")
  void item10_stuckHandlerHoldsItsLockUntilItEnds_andIsReported() throws Exception {
    TaskType<Integer, Void> task = TaskType.builder("stubborn", Integer.class, Void.class)
        .timeout(Duration.ofMinutes(1)).singleton(OnConflict.RESCHEDULE)
        .retryPolicy(RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(1)).build())
        .build();
    Stubborn.FirstRunHangs<Integer> stubborn = new Stubborn.FirstRunHangs<>(30);
    try (Worker w = docket.worker().concurrency(1).lease(LEASE)
        .fetchWait(Duration.ofSeconds(1)).handle(task, stubborn).start()) {
      docket.enqueue(task, 1);
      await().atMost(BOUND).until(() -> stubborn.runs.get() == 1);
      assertThat(w.health(HealthThresholds.defaults()).stuckHandlers()).isZero();

      // Up to the timeout in steps shorter than the lease, as a live clock would move.
      for (int i = 0; i < 6; i++) {
        int beats = store.extensions.get();
        int leases = broker.extended.get();
        clock.advance(Duration.ofSeconds(10));
        if (i < 5) {
          await("the running job's lock heartbeat").atMost(BOUND)
              .until(() -> store.extensions.get() > beats);
          await("the running job's lease extension").atMost(BOUND)
              .until(() -> broker.extended.get() > leases);
        }
      }
      await("the timed-out job to be retried").atMost(BOUND)
          .until(() -> !tracker.events(JobEvent.Retried.class).isEmpty());
      clock.advance(Duration.ofSeconds(1));
      await("the stuck report").atMost(BOUND).until(() -> w.stuckHandlers() == 1);
      assertThat(tracker.events(JobEvent.HandlerStuck.class)).singleElement()
          .satisfies(e -> assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(1)));
      var health = w.health(HealthThresholds.defaults());
      assertThat(health.healthy()).isFalse();
      assertThat(health.stuckHandlers()).isEqualTo(1);
      assertThat(health.problems()).singleElement().asString().contains("all 1 slots");

      // The lock is still the stuck run's, extended with the lease keeper, long past its TTL.
      for (int i = 0; i < 6; i++) {
        int beats = store.extensions.get();
        clock.advance(Duration.ofSeconds(10));
        await("the stuck run's lock heartbeat").atMost(BOUND)
            .until(() -> store.extensions.get() > beats);
      }
      assertThat(memoryStore.get("docket:lock:stubborn")).as("the stuck run's lock").isPresent();
      assertThat(stubborn.runs.get()).as("no second run beside the stuck one").isEqualTo(1);

      stubborn.release.countDown();
      assertThat(stubborn.returned.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      await("the lock to be released").atMost(BOUND)
          .until(() -> memoryStore.get("docket:lock:stubborn").isEmpty());
      await().atMost(BOUND).until(() -> w.stuckHandlers() == 0);
      assertThat(w.health(HealthThresholds.defaults()).healthy()).isTrue();
      // The slot is free again: the retry runs and succeeds.
      clock.advance(Duration.ofSeconds(2));
      await().atMost(BOUND).until(() -> tracker.events(JobEvent.Succeeded.class).size() == 1);
    }
    assertThat(stubborn.runs.get()).isEqualTo(2);
  }

  /** A broker whose lease extensions hang while stalled (a paused server): applied on lift. */
  static final class StallingBroker extends ForwardingBroker {
    final AtomicInteger stalledCalls = new AtomicInteger();
    final AtomicInteger extended = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    StallingBroker(InMemoryBroker delegate) {
      super(delegate);
    }

    void stall() {
      gate = new CountDownLatch(1);
    }

    void lift() {
      gate.countDown();
    }

    private void pass() {
      CountDownLatch g = gate;
      if (g.getCount() > 0) {
        stalledCalls.incrementAndGet();
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
      pass();
      boolean ok = super.extendLease(delivery, lease);
      if (ok) {
        extended.incrementAndGet();
      }
      return ok;
    }
  }

  /** Counts lock and permit extensions. */
  static final class CountingStore extends ForwardingStateStore {
    final AtomicInteger extensions = new AtomicInteger();

    CountingStore(InMemoryStateStore delegate) {
      super(delegate);
    }

    @Override
    public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
      boolean ok = super.compareAndExpire(key, expected, ttl);
      if (ok) {
        extensions.incrementAndGet();
      }
      return ok;
    }
  }
}
