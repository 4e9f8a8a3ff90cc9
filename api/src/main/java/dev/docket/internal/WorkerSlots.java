package dev.docket.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

  /** Slots a fetch gathers while a backlog waits (see {@link #takeForFetch}); 1: no waiting. */
  private final int fetchBatch;
  private final long lingerNanos;

  WorkerSlots(int concurrency) {
    this(concurrency, 1, Duration.ZERO);
  }

  /**
   * {@code fetchBatch} and {@code linger}: the broker's {@code Capabilities.fetchBatch()} and
   * {@code fetchLinger()}.
   */
  WorkerSlots(int concurrency, int fetchBatch, Duration linger) {
    this.free = new Semaphore(concurrency, true);
    this.fetchBatch = Math.min(fetchBatch, concurrency);
    this.lingerNanos = linger.toNanos();
  }

  /** A fetch loop's account of the slots its fetch under way has. */
  AtomicInteger loop() {
    AtomicInteger fetch = new AtomicInteger();
    inFetch.add(fetch);
    return fetch;
  }

  /** Waits for a free slot, then takes it and every other free one for a fetch; returns how many. */
  int takeForFetch(AtomicInteger loop) throws InterruptedException {
    return takeForFetch(loop, false);
  }

  /**
   * {@link #takeForFetch(AtomicInteger)}; when {@code backlog} (the loop's last fetch filled every
   * slot it had) and fewer than the broker's fetch batch are free, first waits up to the linger
   * for more to free up ({@link #topUp}), so that one request on a broker that bills per request
   * (SQS: up to ten per receive) brings a batch rather than one job per freed slot.
   */
  int takeForFetch(AtomicInteger loop, boolean backlog) throws InterruptedException {
    free.acquire();
    int want = 1 + free.drainPermits();
    loop.set(want);
    if (backlog && want < fetchBatch && lingerNanos > 0) {
      try {
        want = topUp(loop, fetchBatch, lingerNanos);
      } catch (InterruptedException e) {
        fetchFailed(loop);
        throw e;
      }
    }
    return want;
  }

  /**
   * Waits up to {@code lingerNanos} for the loop's fetch to have {@code target} slots, taking
   * each that frees meanwhile (and any others free); returns how many it has then. Real time on
   * purpose, like a batch linger: it only coalesces requests for a few milliseconds while jobs
   * are finishing, and never decides whether something happens, only how many ride along.
   */
  private int topUp(AtomicInteger loop, int target, long lingerNanos) throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    while (true) {
      int drained = free.drainPermits();
      int have = drained > 0 ? loop.addAndGet(drained) : loop.get();
      long left = deadline - System.nanoTime();
      if (have >= target || left <= 0 || !free.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        return have;
      }
      loop.incrementAndGet();
    }
  }

  /**
   * The loop's fetch brought {@code got} jobs: gives back the slots they do not fill and returns
   * how many of them have a slot (the first ones); the others must {@link #take} one.
   */
  int fetched(AtomicInteger loop, int got) {
    int kept = loop.getAndSet(0);
    if (kept > got) {
      free.release(kept - got);
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

  /** Waits for a free slot and takes it. */
  void take() throws InterruptedException {
    free.acquire();
  }

  /** Gives a slot back. */
  void give() {
    free.release();
  }
}
