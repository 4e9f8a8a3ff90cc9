package dev.docket.workflow;

import dev.docket.Docket;
import dev.docket.spi.support.Require;
import org.jspecify.annotations.Nullable;

/**
 * Where a workflow stands, read from the state store by {@link Docket#workflowStatus(String)}.
 *
 * @param id the workflow id
 * @param kind chain, group or chord
 * @param state running, succeeded or failed
 * @param size steps (chain) or members (group, chord)
 * @param completed steps or members that succeeded so far
 * @param failure why it failed, or {@code null}
 * @since 0.1
 */
public record WorkflowStatus(
    String id, Workflow.Kind kind, State state, int size, int completed,
    @Nullable WorkflowFailure failure) {

  /** The life of a workflow. */
  public enum State {
    /** Steps or members are still to finish (or the chord callback is still to run). */
    RUNNING,
    /** Every step or member succeeded (and the chord callback, if any). */
    SUCCEEDED,
    /** A step or member was dead-lettered; see {@link WorkflowStatus#failure()}. */
    FAILED
  }

  /** Validates. */
  public WorkflowStatus {
    Require.nonNull("id", id, "kind", kind, "state", state);
  }
}
