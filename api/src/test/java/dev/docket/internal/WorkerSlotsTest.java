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
  void backlog_fetchAsksForTheBatch_theRestWaitForSlots_andNoMoreUntilTheyHaveOne()
      throws Exception {
    WorkerSlots slots = new WorkerSlots(16, 10);
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(16);
    assertThat(slots.fetched(loop, 16)).isEqualTo(16);
    slots.give();
    slots.give();
    // No backlog (the last fetch did not bring all it asked): ask for the two free slots.
    assertThat(slots.takeForFetch(loop, false)).isEqualTo(2);
    assertThat(slots.fetched(loop, 2)).isEqualTo(2);
    slots.give();
    slots.give();
    // A backlog: ask for ten with two slots; the eight without one wait for slots.
    assertThat(slots.takeForFetch(loop, true)).isEqualTo(10);
    assertThat(slots.fetched(loop, 10)).isEqualTo(2);
    slots.give();
    // While they wait, a fetch asks only for the slots it has.
    assertThat(slots.takeForFetch(loop, true)).isEqualTo(1);
    assertThat(slots.fetched(loop, 0)).isZero(); // the slot goes back
    for (int i = 0; i < 8; i++) {
      slots.give();
      slots.take(); // one waiting job takes it
    }
    slots.give();
    // None waits any more: a backlog fetch asks for the batch again.
    assertThat(slots.takeForFetch(loop, true)).isEqualTo(10);
  }

  @Test
  void fetchBatch_isCappedAtTheConcurrency_andAForgoneJobIsNoLongerOwed() throws Exception {
    WorkerSlots slots = new WorkerSlots(4, 10);
    AtomicInteger loop = slots.loop();
    assertThat(slots.takeForFetch(loop)).isEqualTo(4);
    assertThat(slots.fetched(loop, 4)).isEqualTo(4);
    slots.give();
    assertThat(slots.takeForFetch(loop, true)).isEqualTo(4);
    assertThat(slots.fetched(loop, 4)).isEqualTo(1);
    slots.forgo(); // three owed: one handed back at shutdown, two take slots
    slots.give();
    slots.take();
    slots.give();
    slots.take();
    slots.give();
    assertThat(slots.takeForFetch(loop, true)).as("nothing owed").isEqualTo(4);
  }
}
