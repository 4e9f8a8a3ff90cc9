package dev.docket.tck;

import dev.docket.Docket;
import dev.docket.JobHandler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Broker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the broker contracts ({@link BrokerContract}) and the coordination contracts ({@link
 * CoordinationContract}) share: tests in method-name order under a 180 s timeout, the fixture
 * from the enclosing suite, this test's context, broker and time, and the workers the harness
 * shuts down after the test. Each base opens its broker (and store) and closes them itself.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(TckFixtureExtension.class)
abstract class ContractHarness {

  // Set by the @BeforeEach of BrokerContract or CoordinationContract, before any test runs.

  /** The context of the running test. */
  @SuppressWarnings("NullAway.Init")
  protected TckContext ctx;

  /** The broker under test, fresh for this test. */
  @SuppressWarnings("NullAway.Init")
  protected Broker broker;

  /** Time as the broker (and the store, if any) sees it. */
  @SuppressWarnings("NullAway.Init")
  protected TckTime time;

  private final Deque<Worker> workers = new ArrayDeque<>();

  /** The client of this test on the broker under test (and store), on its time. */
  protected abstract Docket docket();

  /** The queue {@code name} of this test, declared. */
  protected String declared(String name) {
    String q = ctx.queue(name);
    broker.declareQueue(q);
    return q;
  }

  /** Registers a worker to shut down (with no grace) after the test, before the broker. */
  protected Worker track(Worker worker) {
    workers.push(worker);
    return worker;
  }

  /** Shuts down the tracked workers, last started first: they hand their jobs back. */
  final void stopWorkers(Teardown teardown) {
    while (!workers.isEmpty()) {
      Worker worker = workers.pop();
      teardown.run(() -> worker.shutdown(Duration.ZERO));
    }
  }

  /**
   * A worker that runs {@code task} from {@code q} with {@code handler} on a lease no test
   * outlives ({@link TckTime#LONG_LEASE}), shut down after the test; drive it with {@link #runDue}.
   */
  <A, R> Worker longLeaseWorker(String q, TaskType<A, R> task, JobHandler<A, R> handler) {
    return track(docket().worker().queues(q).lease(TckTime.LONG_LEASE).handle(task, handler)
        .build());
  }

  /** Like {@link #longLeaseWorker(String, TaskType, JobHandler)}, on the task's own queue. */
  <A, R> Worker longLeaseWorker(TaskType<A, R> task, JobHandler<A, R> handler) {
    return longLeaseWorker(task.queue(), task, handler);
  }

  /**
   * Runs due jobs on {@code worker} until {@code expected} ran: once on a manual clock (all due
   * jobs run at once), in real time repeatedly within the event timeout. Returns how many ran.
   */
  protected int runDue(Worker worker, int expected) {
    return time.runDue(worker::runDue, expected);
  }
}
