package dev.docket.workflow;

import dev.docket.TaskType;
import java.util.Objects;

/**
 * A task and its argument inside a {@link Workflow}: the first step of a chain or a member of a
 * group.
 *
 * @param task the task
 * @param args its argument (JSON-mappable)
 * @param <A> argument type
 * @param <R> result type, the next step's argument in a chain
 * @since 0.1
 */
public record Step<A, R>(TaskType<A, R> task, A args) {
  /** Validates. */
  public Step {
    Objects.requireNonNull(task, "task");
  }
}
