package dev.docket.workflow;

import dev.docket.Docket;
import dev.docket.TaskType;
import java.util.List;
import java.util.Objects;

/**
 * Jobs that run as one unit: a {@link Chain} (each step's result is the next step's argument), a
 * {@link Group} (members run in parallel, results kept in member order) or a {@link Chord} (a
 * group plus a callback that receives every result). Enqueue one with {@link
 * Docket#enqueue(Workflow)}; follow it with {@link Docket#workflowStatus(String)}.
 *
 * <pre>{@code
 * docket.enqueue(Workflow.chain(Workflow.step(FETCH, url)).then(PARSE).then(STORE));
 * docket.enqueue(Workflow.chord(Workflow.group(List.of(
 *     Workflow.step(RESIZE, small), Workflow.step(RESIZE, large))), PUBLISH_ALL));
 * }</pre>
 *
 * <p>Continuations are enqueued by the worker that finishes a job, before it acks that job, with
 * job ids derived from the workflow id, so a crash or a duplicate delivery never loses or forks
 * a workflow. Groups and chords keep their results in the shared state store. See {@code
 * docs/workflows.md} for the semantics and failure behaviour.
 *
 * @since 0.1
 */
public sealed interface Workflow permits Chain, Group, Chord {

  /** The shape of a workflow. */
  enum Kind {
    /** Steps one after another. */
    CHAIN,
    /** Members in parallel. */
    GROUP,
    /** Members in parallel, then a callback with all results. */
    CHORD
  }

  /** This workflow's shape. */
  default Kind kind() {
    return switch (this) {
      case Chain<?, ?> chain -> Kind.CHAIN;
      case Group<?> group -> Kind.GROUP;
      case Chord<?, ?> chord -> Kind.CHORD;
    };
  }

  /** Its steps (chain) or members (group, chord). */
  int size();

  /** A task with its argument: the first step of a chain, or a group member. */
  static <A, R> Step<A, R> step(TaskType<A, R> task, A args) {
    return new Step<>(task, args);
  }

  /** A chain starting with {@code first}; add steps with {@link Chain#then}. */
  static <A, R> Chain<A, R> chain(Step<A, R> first) {
    return Chain.startingWith(Objects.requireNonNull(first, "first"));
  }

  /** A group of members whose results are kept in this order. */
  static <R> Group<R> group(List<? extends Step<?, ? extends R>> members) {
    return new Group<>(members);
  }

  /**
   * A chord: the group's members, then {@code callback} with their results in member order,
   * exactly once. Build the callback's task with {@link TaskType#ofList} so the results keep
   * their type.
   */
  static <R, X> Chord<R, X> chord(Group<R> group, TaskType<List<R>, X> callback) {
    return new Chord<>(group, callback, null);
  }
}
