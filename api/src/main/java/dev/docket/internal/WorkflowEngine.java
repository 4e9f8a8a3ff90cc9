package dev.docket.internal;

import dev.docket.workflow.Chain;
import dev.docket.workflow.Chord;
import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.Group;
import dev.docket.JobFailure;
import dev.docket.JobId;
import dev.docket.JobRequest;
import dev.docket.JobSerializationException;
import dev.docket.workflow.Step;
import dev.docket.TaskType;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowFailure;
import dev.docket.workflow.WorkflowStatus;
import dev.docket.internal.WorkflowLink.StepRef;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

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
 *   <li>a callback or error task is enqueued by the one winner of a claim in the store
 *       ({@link StoreClaims}), whatever the broker de-duplicates; what follows gets a job id
 *       derived from the workflow id and is then marked as enqueued;
 *   <li>a link is followed only as far as the producer's {@link WorkflowRecord} vouches for it.
 * </ul>
 */
public final class WorkflowEngine implements WorkflowHooks {

  /** How long workflow state is kept in the store: 7 days. */
  public static final Duration TTL = Duration.ofDays(7);

  private final DocketCore core;
  private final WorkflowLog log;

  WorkflowEngine(DocketCore core) {
    this.core = core;
    this.log = new WorkflowLog(core.mapper(), WorkflowLog.SLOTS);
  }

  // ---- Starting ----

  /** Enqueues the first step of a chain, or every member of a group or chord. */
  public EnqueuedWorkflow start(Workflow workflow) {
    String id = JobId.generate(core.time().clock()).value();
    Instant started = core.time().instant();
    EnqueuedWorkflow w = switch (workflow) {
      case Chain<?, ?> c -> startChain(id, c);
      case Group<?> g -> startGroup(id, g, null, null, Workflow.Kind.GROUP);
      case Chord<?, ?> c -> startGroup(id, c.group(), ref(c.callback()), refOrNull(c.errorTask()),
          Workflow.Kind.CHORD);
    };
    log.record(core.requireStore("workflows"), w, started, TTL);
    return w;
  }

  private EnqueuedWorkflow startChain(String id, Chain<?, ?> chain) {
    List<StepRef> rest = chain.rest().stream().map(WorkflowEngine::ref).toList();
    List<StepRef> all = Stream.concat(Stream.of(ref(chain.first().task())), rest.stream())
        .toList();
    writeMeta(core.requireStore("chains"), id, new WorkflowRecord("CHAIN", chain.size(), all,
        null, refOrNull(chain.errorTask())));
    WorkflowLink link = new WorkflowLink(id, WorkflowLink.Kind.CHAIN, 0, chain.size(), rest,
        null, refOrNull(chain.errorTask()));
    EnqueuedJob job = core.enqueue(List.of(new LinkedRequest(request(chain.first(),
        stepId(id, 0)), link))).get(0);
    return new EnqueuedWorkflow(id, Workflow.Kind.CHAIN, List.of(job));
  }

  private EnqueuedWorkflow startGroup(String id, Group<?> group, @Nullable StepRef callback,
      @Nullable StepRef onError, Workflow.Kind kind) {
    writeMeta(core.requireStore("groups and chords"), id, new WorkflowRecord(kind.name(),
        group.size(), group.members().stream().map(m -> ref(m.task())).toList(), callback,
        onError));
    List<LinkedRequest> requests = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      requests.add(new LinkedRequest(request(group.members().get(i), DerivedIds.of("wf", id,
          "member", Integer.toString(i))), new WorkflowLink(id, WorkflowLink.Kind.MEMBER, i,
          group.size(), List.of(), callback, onError)));
    }
    return new EnqueuedWorkflow(id, kind, core.enqueue(requests));
  }

  private static JobRequest<?> request(Step<?, ?> step, String jobId) {
    @SuppressWarnings("unchecked")
    Step<Object, ?> s = (Step<Object, ?>) step;
    return JobRequest.of(s.task(), s.args(), EnqueueOptions.builder().jobId(jobId).build());
  }

  /** Written before any job of the workflow: what its links may run and enqueue. */
  private void writeMeta(StateStore store, String id, WorkflowRecord record) {
    store.put(StoreKeys.workflowMeta(id), record.encode(core.mapper()), TTL);
  }

  // ---- Continuing (called by the job processor) ----

  @Override
  public Optional<JsonNode> priorResult(Envelope envelope) {
    WorkflowLink link = verified(envelope);
    StateStore s = store();
    return switch (link.kind()) {
      case CHAIN, MEMBER -> s.get(StoreKeys.workflowResult(link.id(), link.index())).map(this::tree);
      case CALLBACK -> s.get(StoreKeys.workflowDone(link.id())).isPresent()
          ? Optional.of(s.get(StoreKeys.workflowCallbackResult(link.id())).map(this::tree)
              .orElse(core.mapper().nullNode()))
          : Optional.empty();
      case ERROR -> s.get(StoreKeys.workflowErrorDone(link.id())).isPresent()
          ? Optional.of(core.mapper().nullNode()) : Optional.empty();
    };
  }

  @Override
  public void onSuccess(Envelope envelope, JsonNode result) {
    WorkflowLink link = verified(envelope);
    switch (link.kind()) {
      case CHAIN -> chainStepDone(link, result);
      case MEMBER -> memberDone(link, result);
      case CALLBACK -> {
        store().putIfAbsent(StoreKeys.workflowCallbackResult(link.id()), bytes(result), TTL);
        store().put(StoreKeys.workflowDone(link.id()), bytes("1"), TTL);
      }
      case ERROR -> store().put(StoreKeys.workflowErrorDone(link.id()), bytes("1"), TTL);
    }
  }

  private void chainStepDone(WorkflowLink link, JsonNode result) {
    store().putIfAbsent(StoreKeys.workflowResult(link.id(), link.index()), bytes(result), TTL);
    if (link.next().isEmpty()) {
      store().put(StoreKeys.workflowDone(link.id()), bytes("1"), TTL);
      return;
    }
    int next = link.index() + 1;
    StepRef step = link.next().get(0);
    WorkflowLink nextLink = new WorkflowLink(link.id(), WorkflowLink.Kind.CHAIN, next,
        link.size(), link.next().subList(1, link.next().size()), null, link.onError());
    once(StoreKeys.workflowNext(link.id(), next),
        () -> enqueue(step, result, stepId(link.id(), next), nextLink));
  }

  private void memberDone(WorkflowLink link, JsonNode result) {
    StateStore s = store();
    String id = link.id();
    s.putIfAbsent(StoreKeys.workflowResult(id, link.index()), bytes(result), TTL);
    String countedKey = StoreKeys.workflowCounted(id, link.index());
    long count;
    if (s.get(countedKey).isEmpty()) {
      // A crash between increment and marker counts this member twice; completion is confirmed
      // below by reading every result, so an extra count is harmless.
      count = s.increment(StoreKeys.workflowCount(id), 1, TTL);
      s.put(countedKey, bytes("1"), TTL);
    } else {
      count = s.get(StoreKeys.workflowCount(id))
          .map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8))).orElse(0L);
    }
    if (count < link.size()) {
      return;
    }
    List<JsonNode> results = new ArrayList<>(link.size());
    for (int i = 0; i < link.size(); i++) {
      Optional<byte[]> r = s.get(StoreKeys.workflowResult(id, i));
      if (r.isEmpty()) {
        return;
      }
      results.add(tree(r.get()));
    }
    if (s.get(StoreKeys.workflowFailure(id)).isPresent()) {
      return; // a member was dead-lettered: the chord failed, its callback never runs
    }
    StepRef callback = link.callback();
    if (callback != null && !StoreClaims.claim(s, StoreKeys.workflowCallbackClaim(id), "member:"
        + link.index(), TTL)) {
      return; // another member (in any process) won the one enqueue of the callback
    }
    if (callback == null) {
      s.put(StoreKeys.workflowDone(id), bytes("1"), TTL);
      return;
    }
    ArrayNode args = core.mapper().createArrayNode();
    results.forEach(args::add);
    WorkflowLink cbLink = new WorkflowLink(id, WorkflowLink.Kind.CALLBACK, 0, link.size(),
        List.of(), null, link.onError());
    once(StoreKeys.workflowCallbackEnqueued(id),
        () -> enqueue(callback, args, DerivedIds.of("wf", id, "callback"), cbLink));
  }

  @Override
  public void onDeadLetter(Envelope envelope, String jobId, JobFailure failure) {
    WorkflowLink link = verified(envelope);
    WorkflowFailure wf = new WorkflowFailure(link.id(), link.index(), jobId, envelope.task(),
        failure.reason(), failure.message());
    store().putIfAbsent(StoreKeys.workflowFailure(link.id()), bytes(core.mapper().valueToTree(wf)),
        TTL);
    StepRef onError = link.onError();
    if (onError == null || link.kind() == WorkflowLink.Kind.ERROR
        || !StoreClaims.claim(store(), StoreKeys.workflowErrorClaim(link.id()), jobId, TTL)) {
      return; // no error task, or another dead member (in any process) enqueues it
    }
    WorkflowLink errLink = new WorkflowLink(link.id(), WorkflowLink.Kind.ERROR, 0, link.size(),
        List.of(), null, null);
    once(StoreKeys.workflowErrorEnqueued(link.id()), () -> enqueue(onError,
        core.mapper().valueToTree(wf), DerivedIds.of("wf", link.id(), "error"), errLink));
  }

  /** Runs {@code enqueue} unless the marker says it already happened; then sets the marker. */
  private void once(String marker, Runnable enqueue) {
    if (store().get(marker).isEmpty()) {
      enqueue.run();
      store().put(marker, bytes("1"), TTL);
    }
  }

  private StateStore store() {
    return core.requireStore("workflows");
  }

  private void enqueue(StepRef step, JsonNode args, String jobId, WorkflowLink link) {
    TaskType<Object, Object> type = TaskType.builder(step.task(), Object.class, Object.class)
        .queue(step.queue()).priority(step.priority()).build();
    core.enqueue(List.of(new LinkedRequest(JobRequest.of(type, (Object) args,
        EnqueueOptions.builder().jobId(jobId).build()), link)));
  }

  // ---- Reading ----

  /** Where workflow {@code id} stands; empty when the store has no such workflow. */
  public Optional<WorkflowStatus> status(String id) {
    StateStore s = core.requireStore("workflow status");
    Optional<byte[]> metaBytes = s.get(StoreKeys.workflowMeta(id));
    if (metaBytes.isEmpty()) {
      return Optional.empty();
    }
    JsonNode meta = tree(metaBytes.get());
    Workflow.Kind kind = Workflow.Kind.valueOf(meta.get("kind").asString());
    int size = meta.get("size").intValue();
    int completed = 0;
    for (int i = 0; i < size; i++) {
      if (s.get(StoreKeys.workflowResult(id, i)).isPresent()) {
        completed++;
      }
    }
    WorkflowFailure failure = s.get(StoreKeys.workflowFailure(id))
        .map(b -> core.mapper().treeToValue(tree(b), WorkflowFailure.class)).orElse(null);
    WorkflowStatus.State state = failure != null ? WorkflowStatus.State.FAILED
        : s.get(StoreKeys.workflowDone(id)).isPresent() ? WorkflowStatus.State.SUCCEEDED
        : WorkflowStatus.State.RUNNING;
    return Optional.of(new WorkflowStatus(id, kind, state, size, completed, failure));
  }

  /** Up to {@code limit} recent workflows, newest first, after the {@code offset} newest. */
  public List<RecentWorkflow> recent(int offset, int limit) {
    return log.recent(core.requireStore("workflow listings"), offset, limit, this::status);
  }

  /** The results of a workflow's steps or members, decoded as {@code type}. */
  public <R> List<R> results(String id, Class<R> type) {
    WorkflowStatus status = status(id).orElseThrow(() -> new IllegalArgumentException(
        "no workflow " + id + " in the state store (unknown, or older than " + TTL + ")"));
    StateStore s = core.requireStore("workflow results");
    List<R> out = new ArrayList<>();
    for (int i = 0; i < status.size(); i++) {
      Optional<byte[]> r = s.get(StoreKeys.workflowResult(id, i));
      if (r.isEmpty()) {
        if (status.kind() == Workflow.Kind.CHAIN) {
          break;
        }
        throw new IllegalStateException(status.kind() + " " + id + " has " + status.completed()
            + " of " + status.size() + " results so far (" + status.state() + ")");
      }
      out.add(core.mapper().treeToValue(tree(r.get()), type));
    }
    return out;
  }

  // ---- Helpers ----

  /** The envelope's link, once the workflow's record in the store vouches for it. */
  private WorkflowLink verified(Envelope envelope) {
    return WorkflowRecord.verify(Optional.ofNullable(core.store()), core.mapper(), envelope,
        StoreKeys::workflowMeta, TTL);
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

  private JsonNode tree(byte[] bytes) {
    try {
      return core.mapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new JobSerializationException("workflow state in the store is not JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private byte[] bytes(JsonNode node) {
    return core.mapper().writeValueAsBytes(node);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
