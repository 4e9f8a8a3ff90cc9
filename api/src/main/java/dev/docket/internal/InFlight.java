package dev.docket.internal;

import dev.docket.spi.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One leased delivery a worker holds. Exactly one party settles it (ack, release or dead-letter):
 * the run that finishes, or shutdown handing it back; {@link #claimSettlement()} decides who.
 */
public final class InFlight {
  private final Delivery delivery;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile @Nullable Thread runner;
  private volatile boolean leaseLost;
  private final List<Runnable> heartbeats = new CopyOnWriteArrayList<>();
  private volatile boolean coordinated;
  private volatile boolean handedBackEarly;
  private volatile boolean holdable = true;
  private volatile Runnable onBodyDone = () -> { };
  /** Lease extensions and heartbeats of this job still under way (slow or stalled calls). */
  private final AtomicInteger extending = new AtomicInteger();
  private final AtomicInteger beating = new AtomicInteger();
  /** {@link #FREE}, {@link #HOLDING} or {@link #STOPPED}: see {@link #beginHold}. */
  private final AtomicInteger hold = new AtomicInteger(FREE);
  private volatile Consumer<Instant> onHoldStart = eta -> { };
  private volatile BooleanSupplier onHoldEnd = () -> true;

  private static final int FREE = 0;
  private static final int HOLDING = 1;
  private static final int STOPPED = 2;

  /** For a fresh delivery. */
  public InFlight(Delivery delivery) {
    this.delivery = delivery;
  }

  /** The delivery. */
  public Delivery delivery() {
    return delivery;
  }

  /** True for the one caller that may settle the delivery. */
  public boolean claimSettlement() {
    return settled.compareAndSet(false, true);
  }

  /** Whether someone settled it. */
  public boolean isSettled() {
    return settled.get();
  }

  /**
   * Makes an early arrival go back to the broker at once instead of being held until its eta:
   * for {@code runDue}, whose caller is the thread that moves a test clock, so a hold on it
   * would wait for ever.
   */
  InFlight noHold() {
    holdable = false;
    return this;
  }

  /** Whether an early arrival may be held until its eta ({@link #noHold}). */
  boolean holdable() {
    return holdable;
  }

  /** Records that it arrived before its eta and was handed back until then. */
  void markHandedBackEarly() {
    handedBackEarly = true;
  }

  /** Whether it arrived before its eta and was handed back until then. */
  boolean handedBackEarly() {
    return handedBackEarly;
  }

  /** The thread processing it, or null before it starts. */
  public @Nullable Thread runner() {
    return runner;
  }

  /** Records the processing thread. */
  public void runner(Thread thread) {
    this.runner = thread;
  }

  /** Marks that a lease extension was refused: another worker may now hold the job. */
  public void markLeaseLost() {
    leaseLost = true;
  }

  /** Whether a lease extension was refused. */
  public boolean leaseLost() {
    return leaseLost;
  }

  /** Runs {@code beat} whenever the lease keeper extends this job's lease. */
  public void onHeartbeat(Runnable beat) {
    heartbeats.add(beat);
  }

  /** Extends what the job holds besides its lease (locks, permits, claims). */
  public void heartbeat() {
    heartbeats.forEach(Runnable::run);
  }

  /** Whether it holds something besides its lease that heartbeats extend. */
  public boolean hasHeartbeats() {
    return !heartbeats.isEmpty();
  }

  /** Called once the job released what its heartbeats extend: they stop. */
  public void clearHeartbeats() {
    heartbeats.clear();
  }

  /**
   * Claims one of at most {@code max} lease extensions under way at once; false when that many
   * are still waiting on the broker. Pair with {@link #extensionDone()}.
   */
  boolean tryBeginExtension(int max) {
    return extending.getAndUpdate(n -> n < max ? n + 1 : n) < max;
  }

  /** A lease extension claimed by {@link #tryBeginExtension} returned. */
  void extensionDone() {
    extending.decrementAndGet();
  }

  /** Like {@link #tryBeginExtension}, for heartbeats (the state store). */
  boolean tryBeginHeartbeat(int max) {
    return beating.getAndUpdate(n -> n < max ? n + 1 : n) < max;
  }

  /** A heartbeat claimed by {@link #tryBeginHeartbeat} returned. */
  void heartbeatDone() {
    beating.decrementAndGet();
  }

  /** Runs {@code action} once the handler body has returned (the worker frees its slot). */
  public void onBodyDone(Runnable action) {
    this.onBodyDone = action;
  }

  /** Called when the handler body returned and its outcome counts; before the settlement. */
  public void bodyDone() {
    onBodyDone.run();
  }

  /**
   * Runs {@code start} when the job begins to be held until its eta (the worker gives its slot
   * back) and {@code end} when it is due (takes a slot again; false when interrupted).
   */
  public void onHold(Consumer<Instant> start, BooleanSupplier end) {
    this.onHoldStart = start;
    this.onHoldEnd = end;
  }

  /** Begins holding an early job; false when shutdown already stopped it (hand it back). */
  boolean beginHold(Instant eta) {
    if (!hold.compareAndSet(FREE, HOLDING)) {
      return false;
    }
    onHoldStart.accept(eta);
    return true;
  }

  /** Ends the hold of a job now due; false when shutdown stopped it first (hand it back). */
  boolean endHold() {
    return hold.compareAndSet(HOLDING, FREE) && onHoldEnd.getAsBoolean();
  }

  /**
   * Called by shutdown: stops the hold of a job waiting for its eta, or marks a job that has not
   * begun one so it never does; true when the job was being held (its thread is to be woken so
   * it hands itself back with the rest of its delay). A job already running is not affected.
   */
  public boolean stopHold() {
    // A job past its hold (or never early) is unaffected: beginHold is never called again.
    return hold.getAndSet(STOPPED) == HOLDING;
  }

  /** Marks a job of a coordinated task: its deferrals are counted in the state store. */
  public void markCoordinated() {
    coordinated = true;
  }

  /** Whether {@link #markCoordinated()} was called. */
  public boolean coordinated() {
    return coordinated;
  }
}
