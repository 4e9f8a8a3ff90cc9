package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.FailureReason;
import dev.docket.NonRetryableException;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowFailure;
import dev.docket.workflow.WorkflowStatus;
import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * W2: chains. Each step's result is the next step's argument; a dead-lettered step stops the
 * chain with its failure visible and runs the error task once; a step that succeeds twice (its
 * ack was lost) does not fork or repeat the rest of the chain.
 *
 * @since 0.1
 */
public abstract class ChainContract extends WorkflowContract {

  private <A, R> TaskType<A, R> task(String name, Class<A> arg, Class<R> result) {
    return TaskType.builder(name, arg, result).queue(ctx.queue("default")).build();
  }

  private TaskType<TckArgs, Integer> length() {
    return task("tck.chain.length", TckArgs.class, Integer.class);
  }

  private TaskType<Integer, Integer> times10() {
    return task("tck.chain.times10", Integer.class, Integer.class);
  }

  private TaskType<Integer, String> describe() {
    return task("tck.chain.describe", Integer.class, String.class);
  }

  private TaskType<WorkflowFailure, Void> onError() {
    return task("tck.chain.error", WorkflowFailure.class, Void.class);
  }

  private WorkflowStatus.State state(Docket docket, String id) {
    return docket.workflowStatus(id).orElseThrow().state();
  }

  @Test
  @Tag("required")
  @DisplayName("W2.1 a chain passes each step's result to the next and records every result")
  void w2_1_chainPassesResults() {
    Docket docket = docket();
    List<String> seen = new CopyOnWriteArrayList<>();
    Worker worker = worker(docket)
        .handle(length(), (a, c) -> a.value().length())
        .handle(times10(), (n, c) -> n * 10)
        .handle(describe(), (n, c) -> {
          seen.add("describe(" + n + ")");
          return "n=" + n;
        })
        .build();
    EnqueuedWorkflow wf = docket.enqueue(
        Workflow.chain(Workflow.step(length(), new TckArgs("hello"))).then(times10())
            .then(describe()));
    assertThat(wf.kind()).isEqualTo(Workflow.Kind.CHAIN);
    assertThat(wf.jobs()).hasSize(1);
    runUntil("the chain to succeed",
        () -> state(docket, wf.id()) == WorkflowStatus.State.SUCCEEDED, worker);
    assertThat(seen).containsExactly("describe(50)");
    assertThat(docket.workflowResults(wf.id(), Object.class)).containsExactly(5, 50, "n=50");
    WorkflowStatus status = docket.workflowStatus(wf.id()).orElseThrow();
    assertThat(status.completed()).isEqualTo(3);
    assertThat(status.failure()).isNull();
  }

  @Test
  @Tag("required")
  @DisplayName("W2.2 a dead-lettered step stops the chain, marks it failed and runs the error"
      + " task once")
  void w2_2_deadStepStopsChain() {
    Docket docket = docket();
    AtomicInteger laterRuns = new AtomicInteger();
    List<WorkflowFailure> failures = new CopyOnWriteArrayList<>();
    Worker worker = worker(docket)
        .handle(length(), (a, c) -> a.value().length())
        .handle(times10(), (n, c) -> {
          throw new NonRetryableException("step two refuses " + n);
        })
        .handle(describe(), (n, c) -> {
          laterRuns.incrementAndGet();
          return "never";
        })
        .handle(onError(), (f, c) -> {
          failures.add(f);
          return null;
        })
        .build();
    EnqueuedWorkflow wf = docket.enqueue(
        Workflow.chain(Workflow.step(length(), new TckArgs("abc"))).then(times10())
            .then(describe()).onError(onError()));
    runUntil("the chain to fail and its error task to run", () -> !failures.isEmpty(), worker);
    worker.runDue();
    assertThat(laterRuns.get()).as("runs of the step after the dead one").isZero();
    WorkflowStatus status = docket.workflowStatus(wf.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(WorkflowStatus.State.FAILED);
    WorkflowFailure failure = status.failure();
    assertThat(failure).as("failure of %s", status).isNotNull();
    java.util.Objects.requireNonNull(failure);
    assertThat(failure.index()).isEqualTo(1);
    assertThat(failure.task()).isEqualTo("tck.chain.times10");
    assertThat(failure.reason()).isEqualTo(FailureReason.NON_RETRYABLE);
    assertThat(failure.message()).contains("step two refuses 3");
    assertThat(failures).containsExactly(failure);
    assertThat(docket.deadLetters(ctx.queue("default")).list(null, 10).items())
        .as("the dead step keeps its place in the dead-letter queue")
        .extracting(j -> j.task()).containsExactly("tck.chain.times10");
  }

  @Test
  @Tag("required")
  @DisplayName("W2.3 a step whose ack is lost runs again without forking or repeating the rest"
      + " of the chain")
  void w2_3_duplicateSuccessDoesNotFork() {
    AtomicBoolean lost = new AtomicBoolean();
    // The first ack of step one is "lost": the broker keeps the lease, so after it expires the
    // step is delivered again as if its worker had died right after finishing.
    Broker losing = new ForwardingBroker(broker) {
      @Override
      public boolean ack(Delivery d) {
        if ("tck.chain.length".equals(d.headers().get(Headers.TASK)) && lost.compareAndSet(false,
            true)) {
          return true;
        }
        return super.ack(d);
      }
    };
    Docket docket = docket(losing, store);
    AtomicInteger firstRuns = new AtomicInteger();
    AtomicInteger secondRuns = new AtomicInteger();
    AtomicInteger thirdRuns = new AtomicInteger();
    Worker worker = worker(docket)
        .handle(length(), (a, c) -> {
          firstRuns.incrementAndGet();
          return a.value().length();
        })
        .handle(times10(), (n, c) -> {
          secondRuns.incrementAndGet();
          return n * 10;
        })
        .handle(describe(), (n, c) -> {
          thirdRuns.incrementAndGet();
          return "n=" + n;
        })
        .build();
    EnqueuedWorkflow wf = docket.enqueue(
        Workflow.chain(Workflow.step(length(), new TckArgs("four"))).then(times10())
            .then(describe()));
    runUntil("the chain to succeed and the unacked first step to be redelivered and settled",
        () -> state(docket, wf.id()) == WorkflowStatus.State.SUCCEEDED
            && broker.stats(ctx.queue("default")).total() == 0, worker);
    assertThat(lost.get()).as("the first ack was dropped").isTrue();
    assertThat(secondRuns.get()).as("runs of step two").isEqualTo(1);
    assertThat(thirdRuns.get()).as("runs of step three").isEqualTo(1);
    assertThat(firstRuns.get()).as("runs of step one (its stored result is reused)")
        .isEqualTo(1);
    assertThat(docket.workflowResults(wf.id(), Object.class)).containsExactly(4, 40, "n=40");
  }

  /** A hand-written envelope of {@code times10(3)} carrying {@code link} (JSON). */
  private Message forged(String link) {
    String id = java.util.UUID.randomUUID().toString();
    String body = "{\"v\":1,\"id\":\"" + id + "\",\"task\":\"tck.chain.times10\",\"queue\":\""
        + ctx.queue("default") + "\",\"args\":3,\"createdAt\":\"2030-01-01T00:00:00Z\","
        + "\"workflow\":" + link + "}";
    return new Message(id, body.getBytes(StandardCharsets.UTF_8), Map.of(Headers.TASK,
        "tck.chain.times10", Headers.JOB_ID, id, Headers.FORMAT, "json/1"), 0, null);
  }

  @Test
  @Tag("required")
  @DisplayName("W2.4 a forged workflow link (no record in the store, or next steps the record"
      + " does not name) is dead-lettered NON_RETRYABLE: its job does not run and nothing is"
      + " enqueued")
  void w2_4_forgedLinkIsRefused() {
    Docket docket = docket();
    String evilQueue = ctx.queue("evil");
    broker.declareQueue(evilQueue);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    Worker worker = worker(docket)
        .handle(length(), (a, c) -> a.value().length())
        .handle(times10(), (n, c) -> {
          ran.add(n);
          return n * 10;
        })
        .handle(describe(), (n, c) -> "n=" + n)
        .build();
    // A real chain: its record exists, but names times10 -> describe, not the evil task.
    EnqueuedWorkflow real = docket.enqueue(
        Workflow.chain(Workflow.step(length(), new TckArgs("abc"))).then(times10())
            .then(describe()));
    String evil = "[{\"task\":\"tck.chain.evil\",\"queue\":\"" + evilQueue
        + "\",\"priority\":9}]";
    Message noRecord = forged("{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"kind\":\"chain\","
        + "\"index\":0,\"size\":2,\"next\":" + evil + "}");
    Message wrongNext = forged("{\"id\":\"" + real.id() + "\",\"kind\":\"chain\","
        + "\"index\":1,\"size\":3,\"next\":" + evil + "}");
    broker.publish(ctx.queue("default"), List.of(noRecord, wrongNext));
    runUntil("the real chain to finish and both forged jobs to be dead-lettered",
        () -> state(docket, real.id()) == WorkflowStatus.State.SUCCEEDED
            && broker.stats(ctx.queue("default")).dead() == 2
            && broker.stats(ctx.queue("default")).ready() == 0, worker);
    assertThat(ran).as("runs of times10: only the real chain's").containsExactly(3);
    assertThat(broker.stats(evilQueue).total()).as("jobs on the forged link's queue").isZero();
    List<DeadLetter> dead = broker.deadLetters().list(ctx.queue("default"), null, 10).items();
    assertThat(dead).extracting(DeadLetter::id)
        .containsExactlyInAnyOrder(noRecord.id(), wrongNext.id());
    for (DeadLetter d : dead) {
      assertThat(d.failure().reason()).isEqualTo(FailureReason.NON_RETRYABLE);
      assertThat(d.failure().message()).contains("refused");
    }
  }
}
