package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.Docket;
import dev.docket.EnqueuedJob;
import dev.docket.JobHandler;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of the coordination contracts (C1–C5): a fresh broker <em>and</em> a fresh state store
 * per test from the {@link TckFixture}, a Docket client on both, and helpers that work the same
 * on a manual clock and in real time. A module does not extend this class; it extends {@link
 * DocketTck} or {@link CoordinationKit}. A fixture without a store of its own gets the TCK's
 * in-process store.
 *
 * <p>Time is manual when the broker declares {@link Capabilities#controllableClock()} and the
 * store {@linkplain TckFixture#storeFollowsClock() follows the clock}: both must then read {@link
 * TckContext#clock()}. Otherwise both run on the system clock and the tests use short delays.
 * Every task name ends with the test's namespace, so the store keys of two runs against one
 * shared server never meet.
 *
 * @since 0.1
 */
public abstract class CoordinationContract extends ContractHarness {

  /** The store under test, fresh for this test. */
  protected StateStore store;

  private @Nullable Docket docket;
  private final List<Thread> threads = new ArrayList<>();

  private @Nullable TckFixture fixture;

  @BeforeEach
  final void open(TestInfo info, TckFixture fixture) {
    this.fixture = fixture;
    ctx = TckContext.forTest(info);
    broker = OpenedBroker.of(fixture, ctx);
    boolean brokerManual = broker.capabilities().controllableClock();
    time = TckTime.of(brokerManual, ctx);
    StateStore own = fixture.store(ctx);
    if (own != null && brokerManual != fixture.storeFollowsClock()) {
      own.close();
      fail("the broker " + (brokerManual ? "declares" : "does not declare") + " controllableClock"
          + " but storeFollowsClock() of " + fixture.getClass().getName() + " is "
          + fixture.storeFollowsClock() + "; the coordination contracts need broker and store on"
          + " one clock: give both ctx.clock() (and declare both), or both the system clock");
    }
    // No store of the module's own: the features run on the TCK's store, on the broker's time.
    store = own != null ? own : new TckLocalStore(time.clock());
  }

  @AfterEach
  final void close() throws InterruptedException {
    Teardown teardown = new Teardown();
    stopWorkers(teardown);
    for (Thread t : threads) {
      t.interrupt();
      t.join(ctx.timeouts().event().toMillis());
    }
    teardown.closeThenCleanUp(fixture, ctx, broker, store);
    teardown.finish("closing after " + ctx.testName());
  }

  // ---- helpers ----

  /** A task name unique to this test (store keys contain it). */
  protected String taskName(String name) {
    return "tck." + name + "." + ctx.namespace();
  }

  /** The client of this test on its broker, store and time. Not closed: the harness owns both. */
  @Override
  protected Docket docket() {
    if (docket == null) {
      docket = client(broker, store, null);
    }
    return docket;
  }

  /** Another client on {@code broker} and {@code store}, optionally with a result TTL. */
  protected Docket client(Broker broker, StateStore store, @Nullable Duration resultTtl) {
    Docket.Builder b = Docket.builder().broker(broker).store(store).clock(time.clock());
    if (resultTtl != null) {
      b.resultTtl(resultTtl);
    }
    return b.build();
  }

  /**
   * Starts {@code count} workers on {@code q} named {@code name-0}, {@code name-1}…, each with
   * {@code concurrency} slots, a lease no test outlives and fetches of at most 100 ms, running
   * {@code task} with {@code handler}; {@code setup} adds to each builder (a listener, say). The
   * harness shuts them down after the test.
   */
  <A, R> void startWorkers(int count, String name, String q, int concurrency,
      UnaryOperator<Worker.Builder> setup, TaskType<A, R> task, JobHandler<A, R> handler) {
    for (int i = 0; i < count; i++) {
      track(setup.apply(docket().worker().queues(q).concurrency(concurrency)
          .lease(TckTime.LONG_LEASE).fetchWait(Duration.ofMillis(100)).workerId(name + "-" + i))
          .handle(task, handler).start());
    }
  }

  /** How many job bodies run at once, and the most that ever did. Thread-safe. */
  static final class Overlap {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** A body starts. */
    void enter() {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    /** A body ends. */
    void exit() {
      running.decrementAndGet();
    }

    /** The most bodies that ran at once so far. */
    int most() {
      return most.get();
    }
  }

  /** Starts {@code body} on a daemon thread that the harness interrupts after the test. */
  protected Thread background(String name, Runnable body) {
    Thread t = Thread.ofPlatform().daemon().name("tck-" + name).start(body);
    threads.add(t);
    return t;
  }

  /** A cuttable link to broker and store, for a worker that will "die". */
  PausableLink link() {
    return new PausableLink(broker, store);
  }

  /**
   * A worker that "dies" holding a job: it ran {@code "first"}, recorded as {@code "A:first"},
   * and hangs in its body; its link to broker and store is cut, so it neither heartbeats nor
   * releases anything until the test restores the link and releases the body.
   *
   * @param link the cut link; {@code restore()} brings the worker back
   * @param thread the thread running the hung job
   * @param release counts down to let the body finish
   */
  protected record DyingWorker(PausableLink link, Thread thread, CountDownLatch release) {
    /** Brings the worker back and lets its late body finish, waiting up to {@code bound}. */
    void comeBackLate(Duration bound) throws InterruptedException {
      link.restore();
      release.countDown();
      thread.join(bound.toMillis());
    }
  }

  /**
   * Starts a {@link DyingWorker} on {@code q} with {@code lease}: enqueues {@code "first"} of
   * {@code task}, waits until the worker runs it ({@code holding} names what it then holds), and
   * cuts its link. Runs of the worker are added to {@code ran}.
   */
  protected DyingWorker dyingWorker(String q, TaskType<TckArgs, String> task, Duration lease,
      List<String> ran, String holding) {
    PausableLink link = link();
    Docket a = client(link.broker(), link.store(), null);
    CountDownLatch release = new CountDownLatch(1);
    Worker worker = a.worker().queues(q).lease(lease).workerId("tck-dying")
        .handle(task, (x, c) -> {
          ran.add("A:" + x.value());
          release.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
          return "A";
        }).build();
    docket().enqueue(task, new TckArgs("first"));
    Thread thread = background("dying-worker", () -> runOne(worker));
    await("worker A to hold " + holding, () -> ran.contains("A:first"));
    link.cut();
    return new DyingWorker(link, thread, release);
  }

  /**
   * The survivor's half of a dead-worker rule, after {@link #dyingWorker} on {@code q}: enqueues
   * {@code "second"} of {@code task}; proves that {@code survivor} runs nothing while the dead
   * worker holds what it holds ({@code whileHeld} names that); lets the dead worker's {@code
   * lease} pass; drives the survivor, moving time by {@code step}, until it ran both jobs
   * (recorded in {@code ran} as {@code "B:first"} and {@code "B:second"}); and waits for the
   * second job's SUCCESS.
   */
  void survivorRunsBoth(String q, TaskType<TckArgs, String> task, Worker survivor,
      Duration lease, Duration step, List<String> ran, String whileHeld) {
    EnqueuedJob second = docket().enqueue(task, new TckArgs("second"));
    survivor.runDue();
    assertThat(ran).as(whileHeld).containsExactly("A:first");
    time.advance(lease.plusMillis(time.controllable() ? 1 : 200));
    drive("the survivor to run both jobs", q, step, () -> true, () -> {
      survivor.runDue();
      return ran.contains("B:first") && ran.contains("B:second");
    });
    awaitState(second.id(), JobState.SUCCESS);
  }

  /**
   * Enqueues {@code jobs} jobs of {@code task} on {@code q} ({@code "job-0"} on) and drives the
   * workers until all ran ({@code attempts} holds one entry a run) and the queue is empty, moving
   * manual time by {@code step} whenever nothing runs. Returns the jobs in enqueue order.
   */
  List<EnqueuedJob> enqueueAndDrive(String q, TaskType<TckArgs, String> task, int jobs,
      Duration step, List<Integer> attempts) {
    List<EnqueuedJob> enqueued = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      enqueued.add(docket().enqueue(task, new TckArgs("job-" + i)));
    }
    drive(jobs + " jobs to run", q, step, () -> idle(q),
        () -> attempts.size() >= jobs && broker.stats(q).total() == 0);
    return enqueued;
  }

  /** Waits until each of {@code jobs} is recorded SUCCESS, then proves {@code q} drained. */
  void assertAllSucceeded(List<EnqueuedJob> jobs, String q) {
    for (EnqueuedJob j : jobs) {
      awaitState(j.id(), JobState.SUCCESS);
    }
    assertQueueDrained(q);
  }

  /**
   * Runs exactly one job on {@code worker}: once on a manual clock; in real time, polling until
   * one ran within the event timeout (a broker that consumes ahead may need a moment before a
   * non-blocking fetch sees the job). Returns how many ran (0 or 1).
   */
  protected int runOne(Worker worker) {
    return time.runDue(() -> worker.runDue(1), 1);
  }

  /**
   * Waits until {@code done} holds, within the bulk bound, failing at once when a job of {@code
   * queue} is dead-lettered. On a manual clock, each poll that finds {@code idle} advances time
   * by {@code step} (so rescheduled jobs come due, and leases never pass while a job runs); in
   * real time, time passes by itself.
   */
  protected void drive(String what, String queue, Duration step, BooleanSupplier idle,
      BooleanSupplier done) {
    AtomicReference<String> dead = new AtomicReference<>();
    try {
      Awaitility.await(what).atMost(ctx.timeouts().bulk())
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            if (done.getAsBoolean()) {
              return true;
            }
            if (broker.stats(queue).dead() > 0) {
              dead.set(broker.deadLetters().list(queue, null, 5).items().toString());
              return true;
            }
            if (time.controllable() && idle.getAsBoolean()) {
              time.advance(step);
            }
            return false;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " did not happen within " + ctx.timeouts().bulk()
          + " (time " + time + "); broker state: " + BrokerAssert.describe(broker, queue), e);
    }
    if (dead.get() != null) {
      fail("while waiting for " + what + ", a job was dead-lettered (a reschedule must not use up"
          + " retries, and nothing here fails): " + dead.get());
    }
  }

  /**
   * A worker lease the test lets expire (a dead worker's): 30 s of manual time, or 2 s of real
   * time times the timeout factor, so a loaded machine does not expire it early by accident.
   */
  protected Duration deadWorkerLease() {
    return time.controllable() ? TckTime.MANUAL_LEASE
        : ctx.timeouts().scale(Duration.ofSeconds(2));
  }

  /** True when no job of {@code queue} is leased: nothing runs, so time may jump. */
  protected boolean idle(String queue) {
    return broker.stats(queue).inFlight() == 0;
  }

  /** Waits in real time (bounded by the event timeout) until {@code condition} holds. */
  protected void await(String what, BooleanSupplier condition) {
    Awaitility.await(what).atMost(ctx.timeouts().event()).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
  }

  /**
   * Waits (bounded) until job {@code id} is recorded in {@code state}: a worker records the final
   * state just after it acks, so an empty queue can be seen a moment before.
   */
  protected void awaitState(JobId id, JobState state) {
    try {
      Awaitility.await("job " + id.value() + " to be " + state).atMost(ctx.timeouts().event())
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
          .until(() -> stateOf(id).equals(Optional.of(state)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("job " + id.value() + " is " + stateOf(id) + ", expected "
          + state + " within " + ctx.timeouts().event(), e);
    }
  }

  /** The recorded state of job {@code id}, read through a handle. */
  protected Optional<JobState> stateOf(JobId id) {
    return docket().job(id).state();
  }

  /**
   * Simulates a job's work for {@code amount} of real time (a job body, not a wait for a
   * condition: the TCK measures what happens while bodies overlap).
   */
  protected static void work(Duration amount) {
    long end = System.nanoTime() + amount.toNanos();
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** Asserts nothing is left in the queue and nothing was dead-lettered. */
  protected void assertQueueDrained(String q) {
    BrokerAssert.assertThatQueue(broker, q, broker.capabilities().exactStats() ? Duration.ZERO
        : ctx.timeouts().event()).as("queue " + q + " after the test").hasCounts(0, 0, 0, 0);
    assertThat(broker.deadLetters().list(q, null, 10).items()).as("dead letters of %s", q)
        .isEmpty();
  }
}
