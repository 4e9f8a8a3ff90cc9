package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What RabbitMQ cannot deduplicate, kept beside it, per queue. {@link IdRegistry} keeps it in
 * this process; {@link StoreIds} in a shared state store, so every process using it agrees.
 * Thread-safe. Two things:
 *
 * <ul>
 *   <li>The live ids: published and not yet settled, for idempotent enqueue ({@link #add}).
 *   <li>The run claims: which lease runs a job now, and which incarnation of it completed
 *       ({@link #claim}). A job can sit in its queue twice: a publish whose confirm was lost (the
 *       connection broke) may be stored although the enqueue threw, and the caller sends it
 *       again with the same id. Both copies carry the same incarnation (see {@link
 *       Incarnations}). A copy fetched while another lease of the job has not ended waits; a copy
 *       of an incarnation that completed is dropped. A claim lasts until its lease's deadline and
 *       moves with it, so a claim of a process that died frees itself when that lease would have
 *       expired: a copy is never dropped for a run that did not finish, and never runs beside a
 *       lease that could still be alive.
 * </ul>
 */
interface LiveIds extends AutoCloseable {

  /** What {@link #claim} found. */
  enum Claim {
    /** Claimed: lease the delivery. */
    RUN,
    /** Another lease of the job has not ended: the copy waits and tries again. */
    HELD,
    /** This incarnation completed: the copy is a duplicate, drop it. */
    DONE
  }

  /** Records {@code id} until {@code expires}; false when it is live already. */
  boolean add(String queue, String id, Instant expires, Instant now);

  /** Whether {@code id} is live in {@code queue}. */
  boolean contains(String queue, String id, Instant now);

  /** Keeps a live id live at least until {@code expires} (a lease, a delayed retry). */
  void extend(String queue, String id, Instant expires);

  /** Frees {@code id}: acked, dead-lettered, or its publish failed. */
  void remove(String queue, String id);

  /** Frees every id of {@code queue} except those {@code keep} accepts, where it can (purge). */
  void removeAll(String queue, Predicate<String> keep);

  /**
   * Claims the run of job {@code id} for lease {@code token} until {@code until} (the lease's
   * deadline). {@code incarnation} null (a message of an older client or another tool) never
   * matches a completion, so such a copy is only ever held, never dropped.
   */
  Claim claim(String queue, String id, @Nullable String incarnation, String token, Instant until,
      Instant now);

  /** Moves the claim of lease {@code token} to {@code until}, if it still holds it. */
  void renew(String queue, String id, @Nullable String incarnation, String token, Instant until);

  /** The run of lease {@code token} ended without completing: frees its claim. */
  void unclaim(String queue, String id, @Nullable String incarnation, String token);

  /**
   * The run of lease {@code token} completed: a copy of {@code incarnation} fetched until {@code
   * keep} is dropped.
   */
  void done(String queue, String id, @Nullable String incarnation, String token, Instant keep,
      Instant now);

  @Override
  void close();

  /** The claim value of a running lease. */
  static String running(@Nullable String incarnation, String token) {
    return "run " + (incarnation == null ? "-" : incarnation) + " " + token;
  }

  /** The claim value of a completed incarnation. */
  static String completed(String incarnation) {
    return "done " + incarnation;
  }

  /**
   * What a claim attempt decides from the value found: HELD for a running lease, DONE for this
   * incarnation's completion, null for an earlier incarnation's completion (a new job with the
   * same id: replace it).
   */
  static @Nullable Claim judge(String found, @Nullable String incarnation) {
    if (found.startsWith("run ")) {
      return Claim.HELD;
    }
    return incarnation != null && found.equals(completed(incarnation)) ? Claim.DONE : null;
  }
}
