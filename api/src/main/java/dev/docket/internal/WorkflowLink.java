package dev.docket.internal;

import dev.docket.spi.support.Require;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workflow part of an envelope: which workflow a job belongs to, its place in it, and what
 * to enqueue after it. Chains carry their remaining steps here; group and chord members carry
 * the callback, so a worker needs nothing but the envelope and the state store to continue.
 *
 * @param id the workflow id
 * @param kind what this job is in the workflow
 * @param index the step index (chain) or member index (group, chord); 0 for callbacks
 * @param size steps of the chain, or members of the group
 * @param next the chain's remaining steps after this one, in order
 * @param callback the chord callback, or {@code null}
 * @param onError the task enqueued once when the workflow fails, or {@code null}
 */
public record WorkflowLink(
    String id,
    Kind kind,
    int index,
    int size,
    List<StepRef> next,
    @Nullable StepRef callback,
    @Nullable StepRef onError) {

  /** What a job is within its workflow. */
  public enum Kind {
    /** A step of a chain. */
    CHAIN,
    /** A member of a group (no callback) or chord. */
    MEMBER,
    /** The callback of a chord. */
    CALLBACK,
    /** The error callback of a chain or chord. */
    ERROR
  }

  /** Validates and copies. */
  public WorkflowLink {
    Require.nonNull("id", id, "kind", kind);
    next = List.copyOf(next);
  }

  /**
   * A task to enqueue later, as the producer defined it.
   *
   * @param task task name
   * @param queue queue
   * @param priority message priority
   */
  public record StepRef(String task, String queue, int priority) {
    /** Validates. */
    public StepRef {
      Require.nonNull("task", task, "queue", queue);
    }

    /** The stored form, the same in envelopes and workflow records: task, queue, priority. */
    ObjectNode toJson(JsonMapper mapper) {
      ObjectNode n = mapper.createObjectNode();
      n.put("task", task);
      n.put("queue", queue);
      n.put("priority", priority);
      return n;
    }
  }
}
