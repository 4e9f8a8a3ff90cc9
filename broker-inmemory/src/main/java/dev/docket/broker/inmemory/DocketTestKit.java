package dev.docket.broker.inmemory;

import dev.docket.DeadJob;
import dev.docket.Docket;
import dev.docket.JobEvent;
import dev.docket.JobHandler;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.JobStateTracker;
import dev.docket.testing.ManualClock;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Unit-test Docket code without threads or sleeps: an in-memory broker on a {@link ManualClock},
 * a client, and a worker whose due jobs run on the calling thread.
 *
 * <pre>{@code
 * try (DocketTestKit kit = DocketTestKit.create()) {
 *   kit.handle(REPORT, (args, ctx) -> reports.build(args));
 *   JobId id = kit.docket().enqueue(REPORT, args, EnqueueOptions.builder()
 *       .delay(Duration.ofHours(1)).build()).id();
 *   assertThat(kit.runDue()).isZero();            // not due yet
 *   assertThat(kit.advance(Duration.ofHours(1))).isEqualTo(1);
 *   assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: drive it from the test thread.
 *
 * @since 0.1
 */
public final class DocketTestKit implements AutoCloseable {
  private final ManualClock clock;
  private final InMemoryBroker broker;
  private final InMemoryStateStore store;
  private final JobStateTracker tracker = new JobStateTracker();
  private final Docket docket;
  private final Worker.Builder workerBuilder;
  private final List<String> queues = new ArrayList<>(List.of(TaskType.DEFAULT_QUEUE));
  private @Nullable Worker worker;

  private DocketTestKit(ManualClock clock) {
    this.clock = clock;
    this.broker = InMemoryBroker.create(clock);
    this.store = InMemoryStateStore.create(clock);
    this.docket =
        Docket.builder().broker(broker).store(store).clock(clock).listener(tracker).build();
    this.workerBuilder = docket.worker().workerId("test-kit");
  }

  /** A kit whose clock starts at {@link ManualClock#DEFAULT_START}. */
  public static DocketTestKit create() {
    return new DocketTestKit(new ManualClock());
  }

  /** A kit on a given clock. */
  public static DocketTestKit create(ManualClock clock) {
    return new DocketTestKit(Objects.requireNonNull(clock, "clock"));
  }

  /** Registers a handler. Call before the first {@link #runDue()}. */
  public <A, R> DocketTestKit handle(TaskType<A, R> task, JobHandler<A, R> handler) {
    checkNotStarted();
    workerBuilder.handle(task, handler);
    return this;
  }

  /** Registers {@link dev.docket.Task}-annotated handlers. */
  public DocketTestKit register(Object handlers) {
    checkNotStarted();
    workerBuilder.register(handlers);
    return this;
  }

  /** The queues the worker drains, in strict order (default: {@code default}). */
  public DocketTestKit queues(String... names) {
    checkNotStarted();
    queues.clear();
    queues.addAll(List.of(names));
    return this;
  }

  /** Further worker settings (retry random source, lease, ...). */
  public DocketTestKit configureWorker(Consumer<Worker.Builder> settings) {
    checkNotStarted();
    settings.accept(workerBuilder);
    return this;
  }

  /** Runs every job due now on this thread, including retries that become due at once. */
  public int runDue() {
    return worker().runDue();
  }

  /** Moves the clock forward, then runs what became due; returns how many jobs ran. */
  public int advance(Duration amount) {
    clock.advance(amount);
    return runDue();
  }

  /** The job's state as seen by this kit. */
  public JobState state(JobId id) {
    return tracker.state(id).orElseThrow(() -> new IllegalArgumentException(
        "job " + id + " was never seen by this test kit"));
  }

  /** Every job seen, with its state. */
  public Map<JobId, JobState> states() {
    return tracker.states();
  }

  /** Every event so far. */
  public List<JobEvent> events() {
    return tracker.events();
  }

  /** Events of one type. */
  public <T extends JobEvent> List<T> events(Class<T> type) {
    return tracker.events(type);
  }

  /** The first page (up to 1000) of a queue's dead jobs. */
  public List<DeadJob> deadJobs(String queue) {
    return docket.deadLetters(queue).list(null, 1000).items();
  }

  /** The state tracker behind {@link #state}, with duplicate runs and illegal moves. */
  public JobStateTracker tracker() {
    return tracker;
  }

  /** The test clock. */
  public ManualClock clock() {
    return clock;
  }

  /** The client. */
  public Docket docket() {
    return docket;
  }

  /** The broker, for fault injection ({@link InMemoryBroker#injectFault}). */
  public InMemoryBroker broker() {
    return broker;
  }

  /** The state store, on the kit's clock. */
  public InMemoryStateStore store() {
    return store;
  }

  /** The worker, built on first use. */
  public Worker worker() {
    if (worker == null) {
      worker = workerBuilder.queues(queues.toArray(String[]::new)).build();
    }
    return worker;
  }

  private void checkNotStarted() {
    if (worker != null) {
      throw new IllegalStateException("configure the test kit before the first runDue()");
    }
  }

  @Override
  public void close() {
    docket.close();
  }
}
