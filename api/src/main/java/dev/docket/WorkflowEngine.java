package dev.docket;

import dev.docket.internal.DerivedIds;
import dev.docket.internal.Envelope;
import dev.docket.internal.WorkflowHooks;
import dev.docket.internal.WorkflowLink;
import dev.docket.internal.WorkflowLink.StepRef;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts workflows and continues them from the job processor. All state lives in the store under
 * {@code docket:wf:<id>:*} with a TTL of {@link #TTL}; every step here is idempotent, because a
 * job that crashed after its work is run again and repeats it:
 *
 * <ul>
 *   <li>a result is stored with set-if-absent under its index, so the first run's result wins;
 *   <li>a member counts itself once (a {@code counted} marker), and completion is confirmed by
 *       reading every member's result, so a lost or doubled count can neither fire the callback
 *       early nor starve it;
 *   <li>what follows (next step, callback, error task) is enqueued with a job id derived from
 *       the workflow id and then marked as enqueued, and a callback that already succeeded is not
 *       run again.
 * </ul>
 */
final class WorkflowEngine implements WorkflowHooks {

  /** How long workflow state is kept in the store: 7 days. */
  static final Duration TTL = Duration.ofDays(7);

  private final Docket docket;

  WorkflowEngine(Docket docket) {
    this.docket = docket;
  }

  // ---- Starting ----

  EnqueuedWorkflow start(Workflow workflow) {
    String id = JobId.generate(docket.clock()).value();
    return switch (workflow) {
      case Chain<?, ?> c -> startChain(id, c);
      case Group<?> g -> startGroup(id, g, null, null, Workflow.Kind.GROUP);
      case Chord<?, ?> c -> startGroup(id, c.group(), ref(c.callback()), refOrNull(c.errorTask()),
          Workflow.Kind.CHORD);
    };
  }

  private EnqueuedWorkflow startChain(String id, Chain<?, ?> chain) {
    List<StepRef> rest = chain.rest().stream().map(WorkflowEngine::ref).toList();
    docket.store().ifPresent(s -> writeMeta(s, id, Workflow.Kind.CHAIN, chain.size()));
    WorkflowLink link = new WorkflowLink(id, WorkflowLink.Kind.CHAIN, 0, chain.size(), rest,
        null, refOrNull(chain.errorTask()));
    Step<?, ?> first = chain.first();
    EnqueuedJob job = docket.enqueueLinked(List.of(request(first, stepId(id, 0))),
        List.of(link)).get(0);
    return new EnqueuedWorkflow(id, Workflow.Kind.CHAIN, List.of(job));
  }

  private EnqueuedWorkflow startGroup(String id, Group<?> group, @Nullable StepRef callback,
      @Nullable StepRef onError, Workflow.Kind kind) {
    StateStore store = docket.requireStore("groups and chords");
    writeMeta(store, id, kind, group.size());
    List<JobRequest<?>> requests = new ArrayList<>();
    List<WorkflowLink> links = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      requests.add(request(group.members().get(i), DerivedIds.of("wf", id, "member",
          Integer.toString(i))));
      links.add(new WorkflowLink(id, WorkflowLink.Kind.MEMBER, i, group.size(), List.of(),
          callback, onError));
    }
    return new EnqueuedWorkflow(id, kind, docket.enqueueLinked(requests, links));
  }

  private static JobRequest<?> request(Step<?, ?> step, String jobId) {
    @SuppressWarnings("unchecked")
    Step<Object, ?> s = (Step<Object, ?>) step;
    return JobRequest.of(s.task(), s.args(), EnqueueOptions.builder().jobId(jobId).build());
  }

  private void writeMeta(StateStore store, String id, Workflow.Kind kind, int size) {
    ObjectNode meta = docket.jsonMapper().createObjectNode();
    meta.put("kind", kind.name());
    meta.put("size", size);
    store.put(key(id, "meta"), bytes(meta), TTL);
  }

  // ---- Continuing (called by the job processor) ----

  @Override
  public Optional<JsonNode> priorResult(Envelope envelope) {
    WorkflowLink link = link(envelope);
    Optional<StateStore> store = docket.store();
    if (store.isEmpty()) {
      return Optional.empty();
    }
    StateStore s = store.get();
    return switch (link.kind()) {
      case CHAIN, MEMBER -> s.get(resultKey(link.id(), link.index())).map(this::tree);
      case CALLBACK -> s.get(key(link.id(), "done")).isPresent()
          ? Optional.of(s.get(key(link.id(), "r:callback")).map(this::tree)
              .orElse(docket.jsonMapper().nullNode()))
          : Optional.empty();
      case ERROR -> s.get(key(link.id(), "error-done")).isPresent()
          ? Optional.of(docket.jsonMapper().nullNode()) : Optional.empty();
    };
  }

  @Override
  public void onSuccess(Envelope envelope, JsonNode result) {
    WorkflowLink link = link(envelope);
    switch (link.kind()) {
      case CHAIN -> chainStepDone(link, result);
      case MEMBER -> memberDone(link, result);
      case CALLBACK -> {
        StateStore s = docket.requireStore("chords");
        s.putIfAbsent(key(link.id(), "r:callback"), bytes(result), TTL);
        s.put(key(link.id(), "done"), bytes("1"), TTL);
      }
      case ERROR -> docket.store().ifPresent(s -> s.put(key(link.id(), "error-done"), bytes("1"),
          TTL));
    }
  }

  private void chainStepDone(WorkflowLink link, JsonNode result) {
    Optional<StateStore> store = docket.store();
    store.ifPresent(s -> s.putIfAbsent(resultKey(link.id(), link.index()), bytes(result), TTL));
    if (link.next().isEmpty()) {
      store.ifPresent(s -> s.put(key(link.id(), "done"), bytes("1"), TTL));
      return;
    }
    int next = link.index() + 1;
    StepRef step = link.next().get(0);
    WorkflowLink nextLink = new WorkflowLink(link.id(), WorkflowLink.Kind.CHAIN, next,
        link.size(), link.next().subList(1, link.next().size()), null, link.onError());
    once(store, key(link.id(), "next:" + next),
        () -> enqueue(step, result, stepId(link.id(), next), nextLink));
  }

  private void memberDone(WorkflowLink link, JsonNode result) {
    StateStore s = docket.requireStore("groups and chords");
    String id = link.id();
    s.putIfAbsent(resultKey(id, link.index()), bytes(result), TTL);
    String countedKey = key(id, "counted:" + link.index());
    long count;
    if (s.get(countedKey).isEmpty()) {
      // A crash between increment and marker counts this member twice; completion is confirmed
      // below by reading every result, so an extra count is harmless.
      count = s.increment(key(id, "count"), 1, TTL);
      s.put(countedKey, bytes("1"), TTL);
    } else {
      count = s.get(key(id, "count")).map(b -> Long.parseLong(string(b))).orElse(0L);
    }
    if (count < link.size()) {
      return;
    }
    List<JsonNode> results = new ArrayList<>(link.size());
    for (int i = 0; i < link.size(); i++) {
      Optional<byte[]> r = s.get(resultKey(id, i));
      if (r.isEmpty()) {
        return;
      }
      results.add(tree(r.get()));
    }
    if (s.get(key(id, "failure")).isPresent()) {
      return; // a member was dead-lettered: the chord failed, its callback never runs
    }
    StepRef callback = link.callback();
    if (callback == null) {
      s.put(key(id, "done"), bytes("1"), TTL);
      return;
    }
    ArrayNode args = docket.jsonMapper().createArrayNode();
    results.forEach(args::add);
    WorkflowLink cbLink = new WorkflowLink(id, WorkflowLink.Kind.CALLBACK, 0, link.size(),
        List.of(), null, link.onError());
    once(Optional.of(s), key(id, "callback"),
        () -> enqueue(callback, args, DerivedIds.of("wf", id, "callback"), cbLink));
  }

  @Override
  public void onDeadLetter(Envelope envelope, String jobId, dev.docket.JobFailure failure) {
    WorkflowLink link = link(envelope);
    WorkflowFailure wf = new WorkflowFailure(link.id(), link.index(), jobId, envelope.task(),
        failure.reason(), failure.message());
    Optional<StateStore> store = docket.store();
    store.ifPresent(s -> s.putIfAbsent(key(link.id(), "failure"),
        bytes(docket.jsonMapper().valueToTree(wf)), TTL));
    StepRef onError = link.onError();
    if (onError == null || link.kind() == WorkflowLink.Kind.ERROR) {
      return;
    }
    WorkflowLink errLink = new WorkflowLink(link.id(), WorkflowLink.Kind.ERROR, 0, link.size(),
        List.of(), null, null);
    once(store, key(link.id(), "error"), () -> enqueue(onError,
        docket.jsonMapper().valueToTree(wf), DerivedIds.of("wf", link.id(), "error"), errLink));
  }

  /** Runs {@code enqueue} unless the marker says it already happened; then sets the marker. */
  private static void once(Optional<StateStore> store, String marker, Runnable enqueue) {
    if (store.isPresent() && store.get().get(marker).isPresent()) {
      return;
    }
    enqueue.run();
    store.ifPresent(s -> s.put(marker, bytes("1"), TTL));
  }

  private void enqueue(StepRef step, JsonNode args, String jobId, WorkflowLink link) {
    TaskType<Object, Object> type = TaskType.builder(step.task(), Object.class, Object.class)
        .queue(step.queue()).priority(step.priority()).build();
    docket.enqueueLinked(List.of(JobRequest.of(type, (Object) args,
        EnqueueOptions.builder().jobId(jobId).build())), List.of(link));
  }

  // ---- Reading ----

  Optional<WorkflowStatus> status(String id) {
    StateStore s = docket.requireStore("workflow status");
    Optional<byte[]> metaBytes = s.get(key(id, "meta"));
    if (metaBytes.isEmpty()) {
      return Optional.empty();
    }
    JsonNode meta = tree(metaBytes.get());
    Workflow.Kind kind = Workflow.Kind.valueOf(meta.get("kind").asString());
    int size = meta.get("size").intValue();
    int completed = 0;
    for (int i = 0; i < size; i++) {
      if (s.get(resultKey(id, i)).isPresent()) {
        completed++;
      }
    }
    WorkflowFailure failure = s.get(key(id, "failure"))
        .map(b -> docket.jsonMapper().treeToValue(tree(b), WorkflowFailure.class)).orElse(null);
    WorkflowStatus.State state = failure != null ? WorkflowStatus.State.FAILED
        : s.get(key(id, "done")).isPresent() ? WorkflowStatus.State.SUCCEEDED
        : WorkflowStatus.State.RUNNING;
    return Optional.of(new WorkflowStatus(id, kind, state, size, completed, failure));
  }

  <R> List<R> results(String id, Class<R> type) {
    WorkflowStatus status = status(id).orElseThrow(() -> new IllegalArgumentException(
        "no workflow " + id + " in the state store (unknown, or older than " + TTL + ")"));
    StateStore s = docket.requireStore("workflow results");
    List<R> out = new ArrayList<>();
    for (int i = 0; i < status.size(); i++) {
      Optional<byte[]> r = s.get(resultKey(id, i));
      if (r.isEmpty()) {
        if (status.kind() == Workflow.Kind.CHAIN) {
          break;
        }
        throw new IllegalStateException(status.kind() + " " + id + " has " + status.completed()
            + " of " + status.size() + " results so far (" + status.state() + ")");
      }
      out.add(docket.jsonMapper().treeToValue(tree(r.get()), type));
    }
    return out;
  }

  // ---- Helpers ----

  private static WorkflowLink link(Envelope envelope) {
    WorkflowLink link = envelope.workflow();
    if (link == null) {
      throw new IllegalArgumentException("job " + envelope.id() + " is in no workflow");
    }
    return link;
  }

  static StepRef ref(TaskType<?, ?> task) {
    return new StepRef(task.name(), task.queue(), task.priority());
  }

  private static @Nullable StepRef refOrNull(@Nullable TaskType<?, ?> task) {
    return task == null ? null : ref(task);
  }

  private static String stepId(String workflowId, int index) {
    return DerivedIds.of("wf", workflowId, "step", Integer.toString(index));
  }

  private static String key(String id, String part) {
    return "docket:wf:" + id + ":" + part;
  }

  private static String resultKey(String id, int index) {
    return key(id, "r:" + index);
  }

  private JsonNode tree(byte[] bytes) {
    try {
      return docket.jsonMapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new JobSerializationException("workflow state in the store is not JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private byte[] bytes(JsonNode node) {
    return docket.jsonMapper().writeValueAsBytes(node);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
