package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.tck.EarlyArrivalBroker;
import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a delayed job that arrives before its eta is held in the worker until then, on the
 * manual clock. The broker here delivers delayed jobs at once (as a coarse broker asked for an
 * early arrival does); the hold keeps the job's lease alive, charges no attempt, and shutdown
 * hands a held job back with the rest of its delay instead of running it or losing it.
 */
class HeldJobTest {
  static final Duration BOUND = Duration.ofSeconds(20);
  static final Duration LEASE = Duration.ofSeconds(2);
  static final TaskType<String, Void> NOTE = TaskType.builder("note", String.class, Void.class)
      .build();

  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker memory = InMemoryBroker.create(clock);
  private final EarlyArrivalBroker broker = new EarlyArrivalBroker(memory);
  private final Docket docket = Docket.builder().broker(broker).clock(clock).build();

  @AfterEach
  void close() {
    docket.close();
  }

  @Test
  void heldJob_keepsItsLease_runsAtItsEta_asItsFirstAttempt() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<Instant> starts = new CopyOnWriteArrayList<>();
    try (Worker w = docket.worker().concurrency(2).lease(LEASE).handle(NOTE, (s, ctx) -> {
      starts.add(clock.instant());
      attempts.add(ctx.attempt());
      return null;
    }).start()) {
      Instant eta = clock.instant().plusSeconds(4);
      docket.enqueue(NOTE, "later", EnqueueOptions.builder().eta(eta).build());
      await("the early job to be fetched").atMost(BOUND)
          .until(() -> docket.stats("default").inFlight() == 1);
      // Twice the lease in steps of a keeper period: without extensions the broker would hand
      // the job out again after 2 s (to this worker's second slot).
      for (int step = 0; step < 7; step++) {
        int before = broker.extensions();
        clock.advance(LEASE.dividedBy(4));
        await("a lease extension at step " + step).atMost(BOUND)
            .until(() -> broker.extensions() > before);
        assertThat(starts).as("runs before the eta (step %d)", step).isEmpty();
      }
      clock.advance(Duration.ofMillis(500));
      await("the run at the eta").atMost(BOUND).until(() -> starts.size() == 1);
      assertThat(starts.get(0)).as("start").isAfterOrEqualTo(eta);
      assertThat(attempts).as("attempts of the held job").containsExactly(1);
      assertThat(docket.stats("default").dead()).as("dead letters").isZero();
    }
  }

  @Test
  void heldJob_givesItsSlotBack_soADueJobRunsMeanwhile() {
    List<String> runs = new CopyOnWriteArrayList<>();
    try (Worker w = docket.worker().concurrency(1).lease(LEASE).handle(NOTE, (s, ctx) -> {
      runs.add(s);
      return null;
    }).start()) {
      docket.enqueue(NOTE, "later", EnqueueOptions.builder()
          .eta(clock.instant().plusSeconds(3)).build());
      await("the early job to be held").atMost(BOUND)
          .until(() -> docket.stats("default").inFlight() == 1);
      docket.enqueue(NOTE, "now");
      await("the due job to run beside the held one").atMost(BOUND)
          .until(() -> runs.equals(List.of("now")));
      // In keeper periods: one jump past the lease would expire it before an extension lands.
      for (int step = 0; step < 6; step++) {
        int before = broker.extensions();
        clock.advance(LEASE.dividedBy(4));
        await("a lease extension at step " + step).atMost(BOUND)
            .until(() -> broker.extensions() > before || runs.size() == 2);
      }
      await("the held job at its eta").atMost(BOUND)
          .until(() -> runs.equals(List.of("now", "later")));
    }
  }

  @Test
  void shutdown_handsAHeldJobBack_withTheRestOfItsDelay() {
    List<Instant> starts = new CopyOnWriteArrayList<>();
    Instant eta = clock.instant().plusSeconds(3);
    Worker w = docket.worker().lease(LEASE).handle(NOTE, (s, ctx) -> {
      starts.add(clock.instant());
      return null;
    }).start();
    docket.enqueue(NOTE, "later", EnqueueOptions.builder().eta(eta).build());
    await("the early job to be held").atMost(BOUND)
        .until(() -> docket.stats("default").inFlight() == 1);
    // The grace would never end on a clock that does not move: the held job must not wait in it.
    assertTimeoutPreemptively(BOUND, () -> w.shutdown(Duration.ofMinutes(1)));
    assertThat(starts).as("runs of the held job").isEmpty();
    assertThat(docket.stats("default").inFlight()).as("in flight after shutdown").isZero();
    assertThat(docket.stats("default").delayed()).as("delayed: the rest of its delay").isOne();

    List<Instant> again = new CopyOnWriteArrayList<>();
    try (Worker next = docket.worker().lease(LEASE).handle(NOTE, (s, ctx) -> {
      again.add(clock.instant());
      return null;
    }).start()) {
      clock.advance(Duration.ofSeconds(3));
      await("the job to run once due").atMost(BOUND).until(() -> again.size() == 1);
      assertThat(again.get(0)).as("start").isAfterOrEqualTo(eta);
      assertThat(starts).as("runs on the stopped worker").isEmpty();
      assertThat(docket.stats("default").dead()).as("dead letters").isZero();
    }
  }
}
