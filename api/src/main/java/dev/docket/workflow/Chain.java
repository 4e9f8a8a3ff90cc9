package dev.docket.workflow;

import dev.docket.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Steps run one after another; each step's result is the next step's argument, checked at
 * compile time. When a step succeeds the worker enqueues the next one (with a job id derived
 * from the chain id and the step index, so a duplicate success cannot fork the chain). When a
 * step is dead-lettered the chain stops there: later steps never run, the workflow status turns
 * {@link WorkflowStatus.State#FAILED} and the {@link #onError} task, if any, runs once. Immutable.
 *
 * @param <A> the first step's argument type
 * @param <R> the last step's result type
 * @since 0.1
 */
public final class Chain<A, R> implements Workflow {
  private final Step<A, ?> first;
  private final List<TaskType<?, ?>> rest;
  private final @Nullable TaskType<WorkflowFailure, ?> onError;

  private Chain(Step<A, ?> first, List<TaskType<?, ?>> rest,
      @Nullable TaskType<WorkflowFailure, ?> onError) {
    this.first = first;
    this.rest = List.copyOf(rest);
    this.onError = onError;
  }

  static <A, R> Chain<A, R> startingWith(Step<A, R> first) {
    return new Chain<>(first, List.of(), null);
  }

  /** Adds a step that takes this chain's result and returns the new result. */
  public <R2> Chain<A, R2> then(TaskType<? super R, R2> next) {
    Objects.requireNonNull(next, "next");
    List<TaskType<?, ?>> steps = new ArrayList<>(rest);
    steps.add(next);
    return new Chain<>(first, steps, onError);
  }

  /** The task enqueued once, with a {@link WorkflowFailure}, if a step is dead-lettered. */
  public Chain<A, R> onError(TaskType<WorkflowFailure, ?> task) {
    return new Chain<>(first, rest, Objects.requireNonNull(task, "task"));
  }

  /** The first step. */
  public Step<A, ?> first() {
    return first;
  }

  /** The steps after the first, in order. */
  public List<TaskType<?, ?>> rest() {
    return rest;
  }

  /** The error task, or {@code null}. */
  public @Nullable TaskType<WorkflowFailure, ?> errorTask() {
    return onError;
  }

  @Override
  public int size() {
    return 1 + rest.size();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Chain[").append(first.task().name());
    rest.forEach(t -> sb.append(" -> ").append(t.name()));
    return sb.append(']').toString();
  }
}
