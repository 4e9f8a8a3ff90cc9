package dev.docket.workflow;

import dev.docket.Docket;
import dev.docket.EnqueuedJob;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Docket#enqueue(Workflow)} stored: the workflow id and its first jobs (the first
 * step of a chain, every member of a group or chord).
 *
 * @param id the workflow id, for {@link Docket#workflowStatus(String)}
 * @param kind chain, group or chord
 * @param jobs the jobs enqueued now
 * @since 0.1
 */
public record EnqueuedWorkflow(String id, Workflow.Kind kind, List<EnqueuedJob> jobs) {
  /** Validates and copies. */
  public EnqueuedWorkflow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    jobs = List.copyOf(jobs);
  }
}
