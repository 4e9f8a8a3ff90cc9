package dev.docket.workflow;

import dev.docket.Docket;
import java.time.Instant;
import java.util.Objects;

/**
 * A workflow in the listing of {@link Docket#recentWorkflows(int, int)}: when it was started and
 * where it stands now.
 *
 * @param status where it stands (id, kind, state, steps or members done of its size)
 * @param started when a producer enqueued it, on that client's clock
 * @since 0.4
 */
public record RecentWorkflow(WorkflowStatus status, Instant started) {
  /** Validates. */
  public RecentWorkflow {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
  }

  /** The workflow id. */
  public String id() {
    return status.id();
  }
}
