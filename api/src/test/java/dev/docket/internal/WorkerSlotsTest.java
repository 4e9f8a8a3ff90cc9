package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A held job that comes due takes a fetch's slot at once; the bound on slots holds. */
class WorkerSlotsTest {

  @Test
  void dueJobTakesASlotOfAFetchUnderWay_andTheFetchThenHasOneFewer() throws Exception {
    WorkerSlots slots = new WorkerSlots(3);
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(3);

    slots.takeDue(); // no free slot: one of the fetch's, without waiting for the fetch

    // The fetch brought 3 jobs: only the first 2 have a slot, and none is given back.
    assertThat(slots.fetched(loop, 3)).isEqualTo(2);
    CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
      try {
        slots.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(third).isNotDone();
    slots.give(); // the due job's body is done
    assertThat(third).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void fetchGivesBackWhatItDidNotFill_andAFailedFetchGivesBackAll() throws Exception {
    WorkerSlots slots = new WorkerSlots(4);
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(4);
    assertThat(slots.fetched(loop, 1)).isEqualTo(1);
    assertThat(slots.takeForFetch(loop)).isEqualTo(3);
    slots.takeDue(); // borrows one
    slots.fetchFailed(loop); // gives back the 2 it still had
    assertThat(slots.takeForFetch(loop)).isEqualTo(2);
    // Nothing left in the fetch to borrow once it returned empty handed.
    assertThat(slots.fetched(loop, 0)).isZero();
    assertThat(slots.takeForFetch(loop)).isEqualTo(2);
  }

  @Test
  void backlog_fetchWaitsForTheBatch_asSlotsFree_andOnlyThen() throws Exception {
    WorkerSlots slots = new WorkerSlots(16, 10, Duration.ofSeconds(30));
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(16);
    assertThat(slots.fetched(loop, 16)).isEqualTo(16);
    slots.give();
    slots.give();
    slots.give();
    // No backlog (the last fetch was not full): fetch at once with the three free.
    assertThat(slots.takeForFetch(loop, false)).isEqualTo(3);
    assertThat(slots.fetched(loop, 1)).isEqualTo(1); // two go back
    CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> {
      try {
        return slots.takeForFetch(loop, true);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 7; i++) {
      assertThat(batch).as("after %d more slots freed", i).isNotDone();
      slots.give();
    }
    slots.give(); // ten: 2 + 8
    // Within the 30 s linger: it returned because the tenth slot freed.
    assertThat(batch).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(10);
  }

  @Test
  void backlog_lingerEnds_fetchGoesWithWhatIsFree_andAnInterruptGivesItAllBack()
      throws Exception {
    WorkerSlots slots = new WorkerSlots(4, 10, Duration.ofMillis(50));
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(4);
    assertThat(slots.fetched(loop, 4)).isEqualTo(4);
    slots.give();
    // The batch is capped at the concurrency (4); one free, and the linger runs out.
    assertThat(slots.takeForFetch(loop, true)).isEqualTo(1);
    assertThat(slots.fetched(loop, 0)).isZero();

    WorkerSlots waiting = new WorkerSlots(4, 10, Duration.ofMinutes(5));
    AtomicInteger other = waiting.loop();
    assertThat(waiting.takeForFetch(other)).isEqualTo(4);
    assertThat(waiting.fetched(other, 4)).isEqualTo(4);
    waiting.give();
    waiting.give();
    AtomicInteger result = new AtomicInteger(-1);
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        result.set(waiting.takeForFetch(other, true));
      } catch (InterruptedException e) {
        result.set(-2);
      }
    });
    long until = System.nanoTime() + 10_000_000_000L;
    while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < until) {
      Thread.onSpinWait(); // until it waits for more slots, having gathered the two
    }
    assertThat(t.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    t.interrupt();
    t.join(Duration.ofSeconds(10));
    assertThat(result.get()).as("interrupted while gathering").isEqualTo(-2);
    // Both slots it had gathered are free again.
    assertThat(waiting.takeForFetch(other)).isEqualTo(2);
  }
}
