package dev.docket.internal;

import dev.docket.JobEvent;
import dev.docket.JobListener;
import dev.docket.JobState;
import dev.docket.JobStatus;
import java.util.Optional;

/**
 * Records job states and results in the state store from the runtime's events, for {@link
 * dev.docket.JobHandle}. Installed on a client that has a store, so the client and its workers
 * record. At-least-once shapes the rules: PENDING is written only when no state exists (a fast
 * worker may have started the job before the client's Enqueued event) or the state is a final one
 * recorded before this enqueue (an earlier job with the same caller-given id), and a SUCCESS is not
 * replaced by a later duplicate run. The check and the write are two store calls, so a
 * duplicate racing a success can briefly show STARTED again; the result is never lost.
 * Thread-safe.
 */
public final class StateRecorder implements JobListener {
  private final JobRecords records;
  private final Completions completions;

  /** Records into {@code records} and signals {@code completions} when a job ends. */
  public StateRecorder(JobRecords records, Completions completions) {
    this.records = records;
    this.completions = completions;
  }

  @Override
  public void onEvent(JobEvent event) {
    switch (event) {
      case JobEvent.Enqueued e -> {
        JobStatus pending = new JobStatus(e.jobId(), JobState.PENDING, e.task(), e.queue(), 0,
            e.at(), null);
        if (!records.writeState(pending, true)) {
          // A record exists. Written after this enqueue began: a fast worker's, keep it. Written
          // before: an earlier job that reused this caller-given id, so start afresh.
          Optional<JobStatus> old = records.readState(e.jobId());
          if (old.isPresent() && old.get().state().isTerminal()
              && old.get().updatedAt().isBefore(e.at())) {
            records.deleteResult(e.jobId());
            records.writeState(pending, false);
          }
        }
      }
      case JobEvent.Started e -> {
        Optional<JobStatus> now = records.readState(e.jobId());
        if (now.isEmpty() || now.get().state() != JobState.SUCCESS) {
          records.writeState(new JobStatus(e.jobId(), JobState.STARTED, e.task(), e.queue(),
              e.attempt(), e.at(), null), false);
        }
      }
      case JobEvent.Succeeded e -> {
        // Result before state: a reader that sees SUCCESS finds the result.
        records.writeResult(e.jobId(), e.result());
        records.writeState(new JobStatus(e.jobId(), JobState.SUCCESS, e.task(), e.queue(),
            e.attempt(), e.at(), null), false);
        completions.signal();
      }
      case JobEvent.Failed e -> { }
      case JobEvent.HandlerStuck e -> { }
      case JobEvent.Retried e -> records.writeState(new JobStatus(e.jobId(), JobState.RETRY,
          e.task(), e.queue(), e.attempt(), e.at(), null), false);
      case JobEvent.DeadLettered e -> {
        JobState state = switch (e.failure().reason()) {
          case RETRIES_EXHAUSTED, NON_RETRYABLE -> JobState.FAILURE;
          case UNDECODABLE, UNKNOWN_TASK, DELIVERY_LIMIT -> JobState.DEAD;
        };
        records.writeState(new JobStatus(e.jobId(), state, e.task(), e.queue(),
            e.failure().attempts(), e.at(), e.failure()), false);
        completions.signal();
      }
    }
  }

  @Override
  public String toString() {
    return "StateRecorder";
  }
}
