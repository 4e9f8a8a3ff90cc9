package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.InvalidConfigException;
import dev.docket.NonRetryableException;
import dev.docket.workflow.Step;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowFailure;
import dev.docket.workflow.WorkflowStatus;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * W3: groups and chords. Members' results come back in member order; a chord's callback runs
 * exactly once with all of them, even when the member that finishes last crashes after its work
 * (before counting itself, or after the callback was enqueued but before its own ack); a
 * dead-lettered member fails the chord, runs the error task once and never the callback.
 *
 * @since 0.1
 */
public abstract class GroupChordContract extends WorkflowContract {

  /** Members per group. */
  static final int SIZE = 5;

  private TaskType<Integer, Integer> square() {
    return TaskType.builder("tck.chord.square", Integer.class, Integer.class)
        .queue(ctx.queue("default")).build();
  }

  private TaskType<List<Integer>, Integer> sum() {
    return TaskType.listBuilder("tck.chord.sum", Integer.class, Integer.class)
        .queue(ctx.queue("default")).build();
  }

  private TaskType<WorkflowFailure, Void> onError() {
    return TaskType.builder("tck.chord.error", WorkflowFailure.class, Void.class)
        .queue(ctx.queue("default")).build();
  }

  private List<Step<Integer, Integer>> members() {
    List<Step<Integer, Integer>> steps = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      steps.add(Workflow.step(square(), i));
    }
    return steps;
  }

  private static final List<Integer> SQUARES = List.of(0, 1, 4, 9, 16);

  /** Records member runs per argument and callback arguments. */
  private final class Recorder {
    final Map<Integer, AtomicInteger> memberRuns = new ConcurrentHashMap<>();
    final List<List<Integer>> callbacks = new CopyOnWriteArrayList<>();
    final List<WorkflowFailure> errors = new CopyOnWriteArrayList<>();

    Worker worker(Docket docket, @Nullable Integer failing) {
      return GroupChordContract.this.worker(docket)
          .handle(square(), (n, c) -> {
            memberRuns.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            if (failing != null && n.equals(failing)) {
              throw new NonRetryableException("member " + n + " cannot be squared");
            }
            return n * n;
          })
          .handle(sum(), (results, c) -> {
            // Element types survive the trip: a List<Integer>, not of whatever JSON gave.
            results.forEach(r -> assertThat(r).isInstanceOf(Integer.class));
            callbacks.add(List.copyOf(results));
            return results.stream().mapToInt(Integer::intValue).sum();
          })
          .handle(onError(), (f, c) -> {
            errors.add(f);
            return null;
          })
          .build();
    }

    void assertEachMemberRanOnce() {
      for (int i = 0; i < SIZE; i++) {
        assertThat(memberRuns.get(i)).as("runs of member %s", i).isNotNull()
            .hasValue(1);
      }
    }
  }

  private boolean settled(Docket docket, String id, WorkflowStatus.State state) {
    return docket.workflowStatus(id).orElseThrow().state() == state
        && broker.stats(ctx.queue("default")).total() == 0;
  }

  /**
   * Enqueues the chord of {@link #members()} into {@link #sum()} on {@code docket} and runs it on
   * a recording worker until it has succeeded and {@code alsoDone} holds; then the callback must
   * have run once, with every square, and each member once.
   */
  private void runChordToSuccess(Docket docket, String what, BooleanSupplier alsoDone) {
    Recorder rec = new Recorder();
    Worker worker = rec.worker(docket, null);
    EnqueuedWorkflow wf = docket.enqueue(Workflow.chord(Workflow.group(members()), sum()));
    runUntil(what, () -> alsoDone.getAsBoolean()
        && settled(docket, wf.id(), WorkflowStatus.State.SUCCEEDED), worker);
    assertThat(rec.callbacks).as("callback runs").containsExactly(SQUARES);
    rec.assertEachMemberRanOnce();
  }

  /**
   * Reports the first member ack after the chord's callback was published as done and drops it:
   * the member that finished last comes back although its work, callback included, is done.
   */
  private static final class LosesLastMemberAck extends ForwardingBroker {
    final AtomicBoolean callbackPublished = new AtomicBoolean();
    final AtomicBoolean lost = new AtomicBoolean();

    LosesLastMemberAck(Broker delegate) {
      super(delegate);
    }

    @Override
    public List<PublishOutcome> publish(String queue, List<Message> messages) {
      List<PublishOutcome> out = super.publish(queue, messages);
      if (messages.stream().anyMatch(m -> "tck.chord.sum".equals(m.headers().get(Headers.TASK)))) {
        callbackPublished.set(true);
      }
      return out;
    }

    @Override
    public boolean ack(Delivery d) {
      if (callbackPublished.get() && "tck.chord.square".equals(d.headers().get(Headers.TASK))
          && lost.compareAndSet(false, true)) {
        return true;
      }
      return super.ack(d);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("W3.1 a group runs every member and keeps their results in member order")
  void w3_1_groupResultsInOrder() {
    Docket docket = docket();
    Recorder rec = new Recorder();
    Worker worker = rec.worker(docket, null);
    EnqueuedWorkflow wf = docket.enqueue(Workflow.group(members()));
    assertThat(wf.jobs()).hasSize(SIZE);
    runUntil("the group to succeed",
        () -> settled(docket, wf.id(), WorkflowStatus.State.SUCCEEDED), worker);
    assertThat(docket.workflowResults(wf.id(), Integer.class)).containsExactlyElementsOf(SQUARES);
    assertThat(docket.workflowStatus(wf.id()).orElseThrow().completed()).isEqualTo(SIZE);
    rec.assertEachMemberRanOnce();
  }

  @Test
  @Tag("required")
  @DisplayName("W3.2 a chord runs its callback once with every result in member order")
  void w3_2_chordCallbackOnce() {
    runChordToSuccess(docket(), "the chord to succeed", () -> true);
  }

  @Test
  @Tag("required")
  @DisplayName("W3.3 the member that finishes last crashes after storing its result and before"
      + " counting itself: after its redelivery the callback runs exactly once")
  void w3_3_lastMemberCrashesBeforeCounting() {
    AtomicBoolean crashed = new AtomicBoolean();
    AtomicBoolean dropNextSettlement = new AtomicBoolean();
    StateStore crashing = new ForwardingStateStore(store) {
      @Override
      public long increment(String key, long delta, @Nullable Duration ttl) {
        long current = get(key).map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8)))
            .orElse(0L);
        if (key.endsWith(":count") && current + delta == SIZE && crashed.compareAndSet(false,
            true)) {
          // The process dies here: its result is stored, it is not counted, nothing is acked.
          dropNextSettlement.set(true);
          throw new IllegalStateException("simulated crash of the last member");
        }
        return super.increment(key, delta, ttl);
      }
    };
    Broker dead = new ForwardingBroker(broker) {
      @Override
      public boolean ack(Delivery d) {
        return dropNextSettlement.compareAndSet(true, false) || super.ack(d);
      }

      @Override
      public boolean release(Delivery d, Duration delay) {
        return dropNextSettlement.compareAndSet(true, false) || super.release(d, delay);
      }
    };
    runChordToSuccess(docket(dead, crashing),
        "the chord to succeed after the crashed member's lease expired", () -> true);
    assertThat(crashed.get()).as("the last member crashed").isTrue();
  }

  @Test
  @Tag("required")
  @DisplayName("W3.4 the member that finishes last loses its ack after enqueuing the callback:"
      + " its redelivery does not run the callback again")
  void w3_4_lastMemberAckLostAfterCallback() {
    LosesLastMemberAck losing = new LosesLastMemberAck(broker);
    runChordToSuccess(docket(losing, store),
        "the chord to succeed and the last member to be redelivered and acked", losing.lost::get);
  }

  @Test
  @Tag("required")
  @DisplayName("W3.5 a dead-lettered member fails the chord with a clear error, runs the error"
      + " task once and never the callback")
  void w3_5_deadMemberFailsChord() {
    Docket docket = docket();
    Recorder rec = new Recorder();
    Worker worker = rec.worker(docket, 2);
    EnqueuedWorkflow wf = docket.enqueue(
        Workflow.chord(Workflow.group(members()), sum()).onError(onError()));
    runUntil("the chord to fail and settle",
        () -> !rec.errors.isEmpty() && settled(docket, wf.id(), WorkflowStatus.State.FAILED),
        worker);
    WorkflowStatus status = docket.workflowStatus(wf.id()).orElseThrow();
    WorkflowFailure failure = status.failure();
    assertThat(failure).as("failure of %s", status).isNotNull();
    java.util.Objects.requireNonNull(failure);
    assertThat(failure.index()).isEqualTo(2);
    assertThat(failure.task()).isEqualTo("tck.chord.square");
    assertThat(failure.message()).contains("member 2 cannot be squared");
    assertThat(rec.errors).containsExactly(failure);
    assertThat(rec.callbacks).as("callback runs of a failed chord").isEmpty();
    assertThat(status.completed()).as("members that succeeded").isEqualTo(SIZE - 1);
  }

  @Test
  @Tag("required")
  @DisplayName("W3.6 groups and chords without a shared state store fail at enqueue naming the"
      + " feature and the setting")
  void w3_6_groupsNeedStore() {
    Docket noStore = docket(broker, null);
    assertThatThrownBy(() -> noStore.enqueue(Workflow.group(members())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("groups and chords").hasMessageContaining("store");
    assertThat(broker.stats(ctx.queue("default")).total()).as("jobs enqueued").isZero();
  }

  @Test
  @Tag("required")
  @DisplayName("W3.7 two processes finishing the last members together enqueue the callback once"
      + " (one atomic claim in the store decides, whatever the broker de-duplicates)")
  void w3_7_twoProcessesRaceTheCallback() throws Exception {
    // Two clients with their own broker and store objects, as two processes have. Member X's
    // ack is lost, so its redelivery (process 1) and member Y (process 2) both find the chord
    // complete at once: the store pauses each at the decision until both are there.
    AtomicInteger callbackPublishes = new AtomicInteger();
    AtomicBoolean racing = new AtomicBoolean();
    AtomicBoolean ackLost = new AtomicBoolean();
    java.util.concurrent.CountDownLatch counted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CyclicBarrier meet = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.CyclicBarrier bothRead = new java.util.concurrent.CyclicBarrier(2);
    List<Docket> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Broker b = new ForwardingBroker(p == 0 ? broker : secondBroker()) {
        @Override
        public List<PublishOutcome> publish(String queue, List<Message> messages) {
          messages.stream().filter(m -> "tck.chord.sum".equals(m.headers().get(Headers.TASK)))
              .forEach(m -> callbackPublishes.incrementAndGet());
          return super.publish(queue, messages);
        }

        @Override
        public boolean ack(Delivery d) {
          return (!racing.get() && ackLost.compareAndSet(false, true)) || super.ack(d);
        }
      };
      StateStore s = new ForwardingStateStore(p == 0 ? store : secondStore()) {
        @Override
        public long increment(String key, long delta, @Nullable Duration ttl) {
          long n = super.increment(key, delta, ttl);
          if (racing.get() && key.endsWith(":count")) {
            counted.countDown();
          }
          return n;
        }

        @Override
        public java.util.Optional<byte[]> get(String key) {
          if (racing.get() && key.endsWith(":count")) {
            await(() -> counted.await(5, java.util.concurrent.TimeUnit.SECONDS));
          }
          if (racing.get() && key.endsWith(":failure")) {
            await(() -> meet.await(5, java.util.concurrent.TimeUnit.SECONDS));
          }
          java.util.Optional<byte[]> value = super.get(key);
          if (racing.get() && key.endsWith(":callback")) {
            // Whoever reads the "callback enqueued" marker has read it before the other acts.
            await(() -> bothRead.await(2, java.util.concurrent.TimeUnit.SECONDS));
          }
          return value;
        }
      };
      processes.add(docket(b, s));
    }
    Recorder rec = new Recorder();
    Worker w1 = rec.worker(processes.get(0), null);
    Worker w2 = rec.worker(processes.get(1), null);
    EnqueuedWorkflow wf = processes.get(0).enqueue(Workflow.chord(Workflow.group(List.of(
        Workflow.step(square(), 2), Workflow.step(square(), 3))), sum()));
    assertThat(runOne(w1)).as("member X runs; its ack is lost").isEqualTo(1);
    time.advance(time.shortLease().multipliedBy(2));
    racing.set(true);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(2);
    try {
      var f1 = pool.submit(() -> runOne(w1));
      var f2 = pool.submit(() -> runOne(w2));
      assertThat(f1.get(30, java.util.concurrent.TimeUnit.SECONDS)
          + f2.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .as("X's redelivery and member Y ran, one per process").isEqualTo(2);
    } finally {
      pool.shutdownNow();
      racing.set(false);
    }
    runUntil("the chord to succeed",
        () -> settled(processes.get(0), wf.id(), WorkflowStatus.State.SUCCEEDED), w1, w2);
    assertThat(callbackPublishes.get()).as("enqueues of the callback by both processes")
        .isEqualTo(1);
    assertThat(rec.callbacks).as("callback runs").containsExactly(List.of(4, 9));
  }

  private interface Wait {
    Object run() throws Exception;
  }

  /** Waits at a rendezvous; a lone arrival (no race to force) goes on after the timeout. */
  private static void await(Wait w) {
    try {
      w.run();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs one due job on {@code w}: at once on a controllable clock; in real time, polling within
   * the event timeout (a real broker may take a moment to hand out what was just published or
   * came back from an expired lease). Returns how many ran (0 or 1).
   */
  private int runOne(Worker w) {
    long deadline = System.nanoTime() + ctx.timeouts().event().toNanos();
    while (true) {
      int ran = w.runDue(1);
      if (ran > 0 || time.controllable() || System.nanoTime() > deadline) {
        return ran;
      }
      time.advance(Duration.ofMillis(20));
    }
  }
}
