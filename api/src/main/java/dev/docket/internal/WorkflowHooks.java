package dev.docket.internal;

import dev.docket.JobFailure;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the job processor calls for jobs that belong to a workflow (their envelope has a {@link
 * WorkflowLink}). Implemented by the client, which owns the state store and the enqueue path.
 * Each call may be repeated for the same job (a redelivery after a crash): implementations are
 * idempotent. Thread-safe.
 */
public interface WorkflowHooks {

  /** Hooks for a client without workflows: nothing is stored, nothing follows. */
  WorkflowHooks NONE = new WorkflowHooks() {
    @Override
    public Optional<JsonNode> priorResult(Envelope envelope) {
      return Optional.empty();
    }

    @Override
    public void onSuccess(Envelope envelope, JsonNode result) {}

    @Override
    public void onDeadLetter(Envelope envelope, String jobId, JobFailure failure) {}
  };

  /**
   * The result an earlier run of this job already recorded, if any: the processor then skips
   * the handler and only redoes {@link #onSuccess}.
   */
  Optional<JsonNode> priorResult(Envelope envelope);

  /**
   * Records the result and enqueues what follows, before the job is acked. Throws when that
   * could not be done; the processor then retries the job.
   */
  void onSuccess(Envelope envelope, JsonNode result);

  /** Marks the workflow failed and enqueues its error task, before the job is dead-lettered. */
  void onDeadLetter(Envelope envelope, String jobId, JobFailure failure);
}
