package dev.docket.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's slots: at most {@code concurrency} handler bodies at once. A fetch loop takes every
 * free slot for one fetch ({@link #takeForFetch}) and gives back those its fetch did not fill
 * ({@link #fetched}). An early delayed job held until its eta gives its slot back meanwhile and
 * takes one again when due ({@link #takeDue}); if none is free because a fetch is out with them
 * (a long poll, or a slow round trip: tens to hundreds of ms on SQS), it takes one of that
 * fetch's slots at once instead of waiting for the fetch to return, and the fetch then has one
 * slot fewer for what it brings: a fetched job without a slot waits for one in its own thread
 * ({@link #take}), still under its lease. The bound holds throughout. Thread-safe.
 */
final class WorkerSlots {
  /** Fair: a job waiting in {@link #take} or {@link #takeDue} goes before the next fetch. */
  private final Semaphore free;
  /** Per fetch loop, the slots its fetch under way still has (0 between fetches). */
  private final List<AtomicInteger> inFetch = new CopyOnWriteArrayList<>();

  /** Jobs a fetch asks for while a backlog waits (see {@link #takeForFetch}). */
  private final int fetchBatch;
  /** Fetched jobs that have no slot yet: while any wait, no fetch asks for more than it has. */
  private final AtomicInteger owed = new AtomicInteger();

  WorkerSlots(int concurrency) {
    this(concurrency, 1);
  }

  /** {@code fetchBatch}: the broker's {@code Capabilities.fetchBatch()}. */
  WorkerSlots(int concurrency, int fetchBatch) {
    this.free = new Semaphore(concurrency, true);
    this.fetchBatch = Math.min(fetchBatch, concurrency);
  }

  /** A fetch loop's account of the slots its fetch under way has. */
  AtomicInteger loop() {
    AtomicInteger fetch = new AtomicInteger();
    inFetch.add(fetch);
    return fetch;
  }

  /** Waits for a free slot, then takes it and every other free one for a fetch; returns how many. */
  int takeForFetch(AtomicInteger loop) throws InterruptedException {
    free.acquire();
    int want = 1 + free.drainPermits();
    loop.set(want);
    return want;
  }

  /**
   * {@link #takeForFetch(AtomicInteger)}, returning how many jobs the fetch should ask for: the
   * slots taken, or, when {@code backlog} (the loop's last fetch filled its request), at least
   * the broker's fetch batch, so that one request on a broker that bills per request (SQS: up to
   * ten per receive) brings a batch rather than one job per freed slot. The jobs beyond the
   * slots taken wait for slots in their own threads ({@link #fetched}, {@link #take}); while any
   * of them waits, no fetch asks for more than its slots, so at most a batch per fetch loop waits
   * in the worker.
   */
  int takeForFetch(AtomicInteger loop, boolean backlog) throws InterruptedException {
    int slots = takeForFetch(loop);
    return backlog && owed.get() == 0 ? Math.max(slots, fetchBatch) : slots;
  }

  /**
   * The loop's fetch brought {@code got} jobs: gives back the slots they do not fill and returns
   * how many of them have a slot (the first ones); the others must {@link #take} one.
   */
  int fetched(AtomicInteger loop, int got) {
    int kept = loop.getAndSet(0);
    if (kept > got) {
      free.release(kept - got);
    } else if (got > kept) {
      owed.addAndGet(got - kept);
    }
    return Math.min(kept, got);
  }

  /** The loop's fetch failed or was interrupted: every slot it still has goes back. */
  void fetchFailed(AtomicInteger loop) {
    free.release(loop.getAndSet(0));
  }

  /**
   * Takes a slot for a held job now due: a free one, else one of a fetch under way, else waits
   * for one.
   */
  void takeDue() throws InterruptedException {
    if (free.tryAcquire()) {
      return;
    }
    for (AtomicInteger fetch : inFetch) {
      if (fetch.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
        return;
      }
    }
    free.acquire();
  }

  /** Waits for a free slot and takes it, for a fetched job that had none ({@link #fetched}). */
  void take() throws InterruptedException {
    try {
      free.acquire();
    } finally {
      owed.decrementAndGet();
    }
  }

  /** A fetched job that had no slot is handed back instead of waiting for one (shutdown). */
  void forgo() {
    owed.decrementAndGet();
  }

  /** Gives a slot back. */
  void give() {
    free.release();
  }
}
