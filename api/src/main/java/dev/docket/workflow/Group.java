package dev.docket.workflow;

import dev.docket.Docket;
import java.util.List;

/**
 * Members that run in parallel, each an independent job; their results are stored in the shared
 * state store by member index and read back in member order with {@link
 * Docket#workflowResults(String, Class)}. The group succeeds when every member has succeeded and
 * fails as soon as one is dead-lettered. Needs a state store. Immutable.
 *
 * @param <R> the members' result type
 * @since 0.1
 */
public final class Group<R> implements Workflow {
  private final List<Step<?, ? extends R>> members;

  Group(List<? extends Step<?, ? extends R>> members) {
    this.members = List.copyOf(members);
    if (this.members.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one member");
    }
  }

  /** The members, in result order. */
  public List<Step<?, ? extends R>> members() {
    return members;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public String toString() {
    return "Group[" + members.stream().map(s -> s.task().name()).toList() + "]";
  }
}
