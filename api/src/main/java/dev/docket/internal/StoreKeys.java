package dev.docket.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Every key Docket writes to a {@link dev.docket.spi.StateStore}, in one place. These strings are
 * a stored format: deployed stores hold data under them and workers of different versions share
 * them, so a format here must never change (StoreKeysTest pins each one). Brokers' own keys (live
 * ids of RabbitMQ and SQS) belong to their modules.
 */
public final class StoreKeys {
  private static final String ROOT = "docket:";

  private StoreKeys() {}

  // ---- Job records ----

  /** A job's recorded state: {@code docket:job:<id>:state}. */
  public static String jobState(String jobId) {
    return job(jobId, "state");
  }

  /** A job's result: {@code docket:job:<id>:result}. */
  public static String jobResult(String jobId) {
    return job(jobId, "result");
  }

  /** How often a coordinated job was handed back: {@code docket:job:<id>:deferrals}. */
  public static String jobDeferrals(String jobId) {
    return job(jobId, "deferrals");
  }

  /** Runs of a redelivered job whose worker has not ended them: {@code docket:starts:<id>}. */
  public static String jobStarts(String jobId) {
    return ROOT + "starts:" + jobId;
  }

  // ---- Coordination ----

  /** An idempotency claim or result: {@code docket:idem:<task>:<key>}. */
  public static String idempotency(String task, String key) {
    return ROOT + "idem:" + task + ":" + key;
  }

  /** A singleton lock: {@code docket:lock:<task>}, or {@code docket:lock:<task>:<key>}. */
  public static String lock(String task, String key) {
    return ROOT + "lock:" + task + (key.isEmpty() ? "" : ":" + key);
  }

  /** Concurrency permit {@code index}: {@code docket:permit:<task>:<index>}. */
  public static String permit(String task, int index) {
    return ROOT + "permit:" + task + ":" + index;
  }

  /** The rate-limit counter of a window: {@code docket:rate:<task>:<window index>}. */
  public static String rate(String task, long windowIndex) {
    return ROOT + "rate:" + task + ":" + windowIndex;
  }

  // ---- Cron ----

  /** A schedule's last handled tick: {@code docket:cron:<schedule>:last}. */
  public static String cronLast(String schedule) {
    return cron(schedule, "last");
  }

  /** A tick's claim: {@code docket:cron:<schedule>:tick:<ISO-8601 instant>}. */
  public static String cronTick(String schedule, Instant tick) {
    return cron(schedule, "tick:" + tick);
  }

  // ---- Worker heartbeats ----

  /** A running worker's heartbeat record: {@code docket:worker:<worker id>}. */
  public static String workerBeat(String workerId) {
    return ROOT + "worker:" + workerId;
  }

  /** The ids of workers that beat on a UTC day: {@code docket:workers:<yyyy-mm-dd>}. */
  public static String workerDay(LocalDate day) {
    return ROOT + "workers:" + day;
  }

  /** What a scheduler last saw of a schedule (JSON): {@code docket:cron:<schedule>:info}. */
  public static String cronInfo(String schedule) {
    return cron(schedule, "info");
  }

  /** The latest tick a job was enqueued for: {@code docket:cron:<schedule>:fired}. */
  public static String cronFired(String schedule) {
    return cron(schedule, "fired");
  }

  /** Names of schedules run on a UTC day: {@code docket:cron-list:<yyyy-mm-dd>}. */
  public static String cronList(LocalDate day) {
    return ROOT + "cron-list:" + day;
  }

  // ---- Workflows: docket:wf:<id>:<part> ----

  /** What a workflow's links may run and enqueue: {@code docket:wf:<id>:meta}. */
  public static String workflowMeta(String id) {
    return workflow(id, "meta");
  }

  /** Set once a workflow succeeded: {@code docket:wf:<id>:done}. */
  public static String workflowDone(String id) {
    return workflow(id, "done");
  }

  /** The result of step or member {@code index}: {@code docket:wf:<id>:r:<index>}. */
  public static String workflowResult(String id, int index) {
    return workflow(id, "r:" + index);
  }

  /** A chord callback's result: {@code docket:wf:<id>:r:callback}. */
  public static String workflowCallbackResult(String id) {
    return workflow(id, "r:callback");
  }

  /** Set once the error task ran: {@code docket:wf:<id>:error-done}. */
  public static String workflowErrorDone(String id) {
    return workflow(id, "error-done");
  }

  /** Marks chain step {@code index} as enqueued: {@code docket:wf:<id>:next:<index>}. */
  public static String workflowNext(String id, int index) {
    return workflow(id, "next:" + index);
  }

  /** Marks member {@code index} as counted: {@code docket:wf:<id>:counted:<index>}. */
  public static String workflowCounted(String id, int index) {
    return workflow(id, "counted:" + index);
  }

  /** Members counted so far: {@code docket:wf:<id>:count}. */
  public static String workflowCount(String id) {
    return workflow(id, "count");
  }

  /** The first failure: {@code docket:wf:<id>:failure}. */
  public static String workflowFailure(String id) {
    return workflow(id, "failure");
  }

  /** Who enqueues the callback: {@code docket:wf:<id>:callback-claim}. */
  public static String workflowCallbackClaim(String id) {
    return workflow(id, "callback-claim");
  }

  /** Marks the callback as enqueued: {@code docket:wf:<id>:callback}. */
  public static String workflowCallbackEnqueued(String id) {
    return workflow(id, "callback");
  }

  /** Who enqueues the error task: {@code docket:wf:<id>:error-claim}. */
  public static String workflowErrorClaim(String id) {
    return workflow(id, "error-claim");
  }

  /** Marks the error task as enqueued: {@code docket:wf:<id>:error}. */
  public static String workflowErrorEnqueued(String id) {
    return workflow(id, "error");
  }

  /** How many workflows were ever started: {@code docket:wf-recent:seq}. */
  public static String workflowRecentSeq() {
    return ROOT + "wf-recent:seq";
  }

  /** Slot {@code index} of the ring of recent workflows: {@code docket:wf-recent:<index>}. */
  public static String workflowRecent(long index) {
    return ROOT + "wf-recent:" + index;
  }

  private static String job(String jobId, String part) {
    return ROOT + "job:" + jobId + ":" + part;
  }

  private static String cron(String schedule, String part) {
    return ROOT + "cron:" + schedule + ":" + part;
  }

  private static String workflow(String id, String part) {
    return ROOT + "wf:" + id + ":" + part;
  }
}
