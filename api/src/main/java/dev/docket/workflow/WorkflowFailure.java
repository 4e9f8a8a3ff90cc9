package dev.docket.workflow;

import dev.docket.FailureReason;
import dev.docket.spi.support.Require;

/**
 * Why a workflow failed: the argument of its error task ({@link Chain#onError}, {@link
 * Chord#onError}) and part of its {@link WorkflowStatus}.
 *
 * @param workflowId the workflow
 * @param index the failed step (chain) or member (group, chord), 0-based
 * @param jobId the dead-lettered job
 * @param task its task
 * @param reason why it was dead-lettered
 * @param message the failure message
 * @since 0.1
 */
public record WorkflowFailure(
    String workflowId, int index, String jobId, String task, FailureReason reason,
    String message) {
  /** Validates. */
  public WorkflowFailure {
    Require.nonNull("workflowId", workflowId, "jobId", jobId, "task", task, "reason", reason,
        "message", message);
  }
}
