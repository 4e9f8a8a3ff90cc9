package dev.docket.spi;

import dev.docket.internal.LocalLiveIds;
import dev.docket.internal.SharedLiveIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a broker keeps beside a server that cannot answer it: which job ids are live in a queue
 * (for idempotent enqueue), which lease runs a job now (run claims), and which worker
 * incarnations are alive (owner heartbeats). RabbitMQ and SQS brokers use it; a new broker whose
 * server lacks these gets them here instead of writing them again.
 *
 * <p>Two implementations: {@link #local(TimeSource)} keeps everything in this process (every
 * claim it sees is its own, so nothing needs a heartbeat), and {@link #shared} keeps it in a
 * {@link StateStore} so every process using that store agrees.
 *
 * <p><b>Owners.</b> A shared registry is one worker incarnation ({@link #owner()}). Once it claims
 * a run or holds a reference it writes one heartbeat key every {@code heartbeat} (one store write
 * per process, whatever the number of jobs). A run claim names its owner, and a claim whose owner
 * has not beaten for {@code ownerTimeout} is taken over at once by the next claim of the job: a
 * killed worker's jobs run again within about {@code ownerTimeout}, not after their lease, while a
 * live owner's claim is never taken. The references a process {@link #hold}s (SQS receipt
 * handles) are written when a batch is taken and with the heartbeat when they changed, and a live registry that asked with
 * {@link #onOrphans} is handed the references of every owner that stopped beating, once. {@link
 * #close()} deletes the heartbeat, so a clean shutdown frees whatever it still held at once.
 *
 * <p>Thread-safe. Calls that reach a store throw what the store throws.
 *
 * @since 0.2
 */
public interface LiveIdRegistry extends AutoCloseable {

  /**
   * Default owner heartbeat period: 500 ms (one small store write per process per beat). A
   * process that reaps orphans ({@link #onOrphans}) also scans for dead owners on each beat.
   */
  Duration DEFAULT_HEARTBEAT = Duration.ofMillis(500);

  /**
   * Default age of a heartbeat after which its owner counts as dead: 3 s, six beats, so a live
   * owner is judged dead only after six heartbeat writes in a row were late or lost. A killed
   * worker's claims are free 2.5 to 3 s after the kill (its last beat was up to one period
   * before), and its jobs run again within about 3.5 s (see docs/operations/faults.md).
   */
  Duration DEFAULT_OWNER_TIMEOUT = Duration.ofSeconds(3);

  /** What {@link #claim} found. */
  enum Claim {
    /** Claimed: lease the delivery. */
    RUN,
    /** A live lease of the job has not ended: the copy waits and tries again. */
    HELD,
    /** This incarnation of the job completed: the copy is a duplicate, drop it. */
    DONE
  }

  /** Records {@code id} as live in {@code queue} until {@code until}; false when it is already. */
  boolean add(String queue, String id, Instant until);

  /** Whether {@code id} is live in {@code queue}. */
  boolean contains(String queue, String id);

  /** Keeps {@code id} live until {@code until}, added or not (a lease, a delayed retry, a replay). */
  void keep(String queue, String id, Instant until);

  /** Frees {@code id}: acked, dead-lettered, or its publish failed. */
  void remove(String queue, String id);

  /**
   * Frees every id of {@code queue} that {@code keep} refuses, where this registry can (a purge);
   * a store cannot list keys, so there the ids free themselves when they expire.
   */
  void removeAll(String queue, Predicate<String> keep);

  /**
   * Claims the run of job {@code id} for lease {@code token} until {@code until} (the lease's
   * deadline). {@code incarnation} tells enqueues of one id apart: null (an older client) never
   * matches a completion, so such a copy is only ever held, never dropped. A claim of a dead owner
   * (see the class comment) is replaced.
   */
  Claim claim(String queue, String id, @Nullable String incarnation, String token, Instant until);

  /**
   * {@link #claim} and, when that answers {@link Claim#RUN}, {@link #keep} of {@code id} until
   * {@code keep}: what a broker does for each delivery it leases, in one call, so a registry can
   * do both at once (the local one takes its lock and builds its key once instead of twice, on
   * the path that hands out every job). A {@link Claim#HELD} or {@link Claim#DONE} copy keeps
   * nothing. When the keep throws, the claim is freed again ({@link #unclaim}; a failure of that
   * is added as suppressed, the claim then lapses at {@code until}) and the keep's failure is
   * thrown, so a delivery that was not leased holds no claim. The default makes those calls.
   *
   * @param until the lease's deadline, as for {@link #claim}
   * @param keep how long {@code id} stays live, as for {@link #keep}: the lease's deadline and the
   *     dedup window
   * @since 0.6
   */
  default Claim claimAndKeep(String queue, String id, @Nullable String incarnation, String token,
      Instant until, Instant keep) {
    Claim claim = claim(queue, id, incarnation, token, until);
    if (claim != Claim.RUN) {
      return claim;
    }
    try {
      keep(queue, id, keep);
    } catch (RuntimeException e) {
      try {
        unclaim(queue, id, incarnation, token);
      } catch (RuntimeException ex) {
        e.addSuppressed(ex); // the claim lapses with the lease it was for
      }
      throw e;
    }
    return claim;
  }

  /** Moves the claim of lease {@code token} to {@code until}, if it still holds it. */
  void renew(String queue, String id, @Nullable String incarnation, String token, Instant until);

  /** The run of lease {@code token} ended without completing: frees its claim. */
  void unclaim(String queue, String id, @Nullable String incarnation, String token);

  /**
   * The run of lease {@code token} completed: a copy of {@code incarnation} claimed before {@code
   * keep} is {@link Claim#DONE}.
   */
  void done(String queue, String id, @Nullable String incarnation, String token, Instant keep);

  /**
   * Counts one return of job {@code id}: its server handed a delivery of it out again because the
   * channel it had gone to closed before an ack (a killed worker). {@code copy} tells apart the
   * published copies of one incarnation: it is the number of deliveries counted into the copy
   * (a retry publishes a new copy with a higher number). Answers the returns counted for that
   * copy so far, this one included, by every process sharing this registry; the count is kept
   * until {@code until}. A broker whose server does not count returns (RabbitMQ classic queues)
   * counts deliveries with it exactly, instead of publishing a counted copy at the back of the
   * queue. One store write per return; nothing on the path of a job that was not returned.
   * The default throws {@link UnsupportedOperationException}; both built-in registries count.
   *
   * @since 0.6
   */
  default int countReturn(String queue, String id, @Nullable String incarnation, int copy,
      Instant until) {
    throw new UnsupportedOperationException(getClass().getName() + " does not count returns");
  }

  /**
   * This process holds {@code refs} (opaque references to in-flight messages, e.g. receipt
   * handles, or whatever a broker needs to recover the message, on one line each: a shared
   * registry stores them one per line): if it dies, a live registry's {@link #onOrphans}
   * listener gets them, as held, to the character (the SQS broker keeps the delivery itself
   * with a handle, within a budget, so the live process can run it at once). A shared
   * registry writes the whole held set before returning (one store write per call, so a broker
   * calls it once per received batch, not per message): a process killed right after a receive
   * then loses no time on those messages.
   */
  void hold(java.util.Collection<String> refs);

  /** This process no longer holds {@code ref} (settled or handed back). No store call. */
  void release(String ref);

  /**
   * Asks to be given, on the heartbeat thread, the references held by every owner that stopped
   * beating (each dead owner's references go to one live registry). A local registry never calls
   * it: its process is the only owner.
   */
  void onOrphans(Consumer<List<String>> listener);

  /** This worker incarnation's id. */
  String owner();

  /** Stops the heartbeat and deletes it, so this owner's claims and references are free at once. */
  @Override
  void close();

  /**
   * Whether the ids live in a store every publishing process shares (so a duplicate is caught
   * whoever published first, across restarts), rather than in this process only. Brokers declare
   * {@link Capabilities#durableDedup()} from it. The default says no.
   *
   * @since 0.5
   */
  default boolean shared() {
    return false;
  }

  /** A registry in this process: ids and claims of this process's own publishes and leases. */
  static LiveIdRegistry local(TimeSource time) {
    return new LocalLiveIds(Objects.requireNonNull(time, "time"));
  }

  /**
   * A registry in {@code store}, under keys {@code docket:<kind>-live:<scope>...}, {@code
   * docket:<kind>-run:<scope>...}, {@code docket:<kind>-returns:<scope>...} and {@code
   * docket:<kind>-owner:<scope>...}.
   *
   * @param kind the broker kind, e.g. {@code rabbitmq}
   * @param scope keeps deployments apart inside one store (a queue prefix), may be empty
   * @param heartbeat how often this owner beats; zero turns owners off (a claim then lasts until
   *     its lease ends, and nothing is reported to {@link #onOrphans})
   * @param ownerTimeout how old a heartbeat may get before its owner counts as dead; must exceed
   *     {@code heartbeat}
   * @param ownsStore whether {@link #close()} closes {@code store}
   */
  static LiveIdRegistry shared(StateStore store, String kind, String scope, TimeSource time,
      Duration heartbeat, Duration ownerTimeout, boolean ownsStore) {
    return new SharedLiveIds(store, kind, scope, time, heartbeat, ownerTimeout, ownsStore);
  }
}
