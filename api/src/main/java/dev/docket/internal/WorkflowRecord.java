package dev.docket.internal;

import dev.docket.NonRetryableException;
import dev.docket.internal.WorkflowLink.StepRef;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the producer that started a workflow wrote to the state store ({@code
 * docket:wf:<id>:meta}): its kind, its size and every task it may run. It is the trust anchor of
 * workflow links: an envelope's {@link WorkflowLink} is only a claim by whoever published the
 * message, so before a worker runs a linked job or enqueues what follows, {@link #check} proves
 * that the link says nothing the record does not (same kind and size, this job's task at its
 * place, the same remaining steps, callback and error task). Immutable.
 *
 * @param kind {@code CHAIN}, {@code GROUP} or {@code CHORD}
 * @param size steps of the chain, or members of the group
 * @param steps the task of every step (chain) or member (group, chord), in order
 * @param callback the chord callback, or {@code null}
 * @param onError the error task, or {@code null}
 */
public record WorkflowRecord(String kind, int size, List<StepRef> steps,
    @Nullable StepRef callback, @Nullable StepRef onError) {

  /** Validates and copies. */
  public WorkflowRecord {
    Objects.requireNonNull(kind, "kind");
    steps = List.copyOf(steps);
  }

  /**
   * The link of {@code envelope}, once the record {@code metaKey} names in {@code store} vouches
   * for it; a {@link NonRetryableException} when there is no store, no record, or a difference.
   */
  public static WorkflowLink verify(Optional<StateStore> store, JsonMapper mapper,
      Envelope envelope, UnaryOperator<String> metaKey, Duration ttl) {
    WorkflowLink link = envelope.workflow();
    if (link == null) {
      throw new IllegalArgumentException("job " + envelope.id() + " is in no workflow");
    }
    StateStore s = store.orElseThrow(() -> rejected(link.id(),
        "this worker has no state store to check it against"));
    byte[] meta = s.get(metaKey.apply(link.id())).orElseThrow(() -> rejected(link.id(),
        "the state store has no record of it (never started by a producer, or older than "
            + ttl + ")"));
    decode(mapper, link.id(), meta).check(link, envelope.task());
    return link;
  }

  /** The record as JSON. */
  public byte[] encode(JsonMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", kind);
    n.put("size", size);
    ArrayNode s = n.putArray("steps");
    steps.forEach(r -> s.add(r.toJson(mapper)));
    if (callback != null) {
      n.set("callback", callback.toJson(mapper));
    }
    if (onError != null) {
      n.set("onError", onError.toJson(mapper));
    }
    return mapper.writeValueAsBytes(n);
  }

  /**
   * Reads a record. A record without {@code steps} (written before links were checked) or one
   * that does not parse is refused like a missing one: it cannot vouch for any link.
   */
  public static WorkflowRecord decode(JsonMapper mapper, String id, byte[] bytes) {
    try {
      JsonNode n = mapper.readTree(bytes);
      List<StepRef> steps = new ArrayList<>();
      JsonNode s = n.get("steps");
      if (s == null || !s.isArray()) {
        throw rejected(id, "its record in the state store names no steps (written by an older"
            + " Docket?)");
      }
      for (JsonNode r : s) {
        steps.add(ref(r));
      }
      return new WorkflowRecord(n.get("kind").asString(), n.get("size").intValue(), steps,
          optional(n.get("callback")), optional(n.get("onError")));
    } catch (NonRetryableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw rejected(id, "its record in the state store is unreadable (" + e.getMessage() + ")");
    }
  }

  /**
   * Checks that {@code link}, carried by a job of {@code task}, says only what this record
   * says; throws a {@link NonRetryableException} naming the first difference otherwise.
   */
  public void check(WorkflowLink link, String task) {
    if (link.size() != size || steps.size() != size || link.index() >= size) {
      throw rejected(link.id(), "its size " + link.size() + " or index " + link.index()
          + " does not fit the workflow's " + size + " steps");
    }
    String why = switch (link.kind()) {
      case CHAIN -> !kind.equals("CHAIN") ? "a chain link in a " + kind
          : !task.equals(steps.get(link.index()).task()) ? "step " + link.index() + " is task '"
              + steps.get(link.index()).task() + "', not '" + task + "'"
          : !link.next().equals(steps.subList(link.index() + 1, size)) ? "its next steps "
              + names(link.next()) + " are not the chain's " + names(steps.subList(
                  link.index() + 1, size))
          : link.callback() != null ? "a chain step carries a callback" : null;
      case MEMBER -> kind.equals("CHAIN") ? "a member link in a chain"
          : !task.equals(steps.get(link.index()).task()) ? "member " + link.index()
              + " is task '" + steps.get(link.index()).task() + "', not '" + task + "'"
          : !link.next().isEmpty() ? "a member carries next steps"
          : !Objects.equals(link.callback(), callback) ? "its callback "
              + name(link.callback()) + " is not the chord's " + name(callback) : null;
      case CALLBACK -> callback == null || !task.equals(callback.task())
          ? "task '" + task + "' is not the callback of this workflow" : null;
      case ERROR -> onError == null || !task.equals(onError.task())
          ? "task '" + task + "' is not the error task of this workflow" : null;
    };
    if (why == null && link.kind() != WorkflowLink.Kind.ERROR
        && !Objects.equals(link.onError(), onError)) {
      why = "its error task " + name(link.onError()) + " is not the workflow's " + name(onError);
    }
    if (why != null) {
      throw rejected(link.id(), why);
    }
  }

  /** The failure of a link that no record vouches for: a dead letter, never an enqueue. */
  public static NonRetryableException rejected(String id, String why) {
    return new NonRetryableException("workflow link to " + id + " refused: " + why + ". A link"
        + " may only run and enqueue the tasks its workflow's record in the state store names;"
        + " nothing was enqueued");
  }

  private static String names(List<StepRef> refs) {
    return refs.stream().map(WorkflowRecord::name).toList().toString();
  }

  private static String name(@Nullable StepRef r) {
    return r == null ? "none" : "'" + r.task() + "' on '" + r.queue() + "'";
  }

  private static StepRef ref(JsonNode n) {
    return new StepRef(n.get("task").asString(), n.get("queue").asString(),
        n.get("priority").intValue());
  }

  private static @Nullable StepRef optional(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : ref(n);
  }
}
