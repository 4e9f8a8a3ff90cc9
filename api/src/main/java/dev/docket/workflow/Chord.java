package dev.docket.workflow;

import dev.docket.TaskType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Group} followed by a callback that receives every member's result in member order.
 * The callback is enqueued exactly once, even when the member that finishes last crashes after
 * its work: each member stores its result under its index with set-if-absent, counts itself once,
 * and a re-run of a member that already stored its result only redoes the bookkeeping; the
 * callback's job id is derived from the chord id. If any member is dead-lettered the chord fails
 * instead: the callback never runs and the {@link #onError} task, if any, runs once with a
 * {@link WorkflowFailure} naming that member. Needs a state store. Immutable.
 *
 * @param <R> the members' result type
 * @param <X> the callback's result type
 * @since 0.1
 */
public final class Chord<R, X> implements Workflow {
  private final Group<R> group;
  private final TaskType<List<R>, X> callback;
  private final @Nullable TaskType<WorkflowFailure, ?> onError;

  Chord(Group<R> group, TaskType<List<R>, X> callback,
      @Nullable TaskType<WorkflowFailure, ?> onError) {
    this.group = Objects.requireNonNull(group, "group");
    this.callback = Objects.requireNonNull(callback, "callback");
    this.onError = onError;
  }

  /** The task enqueued once, with a {@link WorkflowFailure}, if a member is dead-lettered. */
  public Chord<R, X> onError(TaskType<WorkflowFailure, ?> task) {
    return new Chord<>(group, callback, Objects.requireNonNull(task, "task"));
  }

  /** The members. */
  public Group<R> group() {
    return group;
  }

  /** The callback. */
  public TaskType<List<R>, X> callback() {
    return callback;
  }

  /** The error task, or {@code null}. */
  public @Nullable TaskType<WorkflowFailure, ?> errorTask() {
    return onError;
  }

  @Override
  public int size() {
    return group.size();
  }

  @Override
  public String toString() {
    return "Chord[" + group + " -> " + callback.name() + "]";
  }
}
