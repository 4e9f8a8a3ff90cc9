package dev.docket.tck;

import static org.assertj.core.api.Assertions.fail;

import dev.docket.Docket;
import dev.docket.Worker;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the workflow contracts (cron, chains, groups, chords): a fresh broker and a fresh
 * state store per test, from the {@link TckFixture} (the TCK's in-process store when it has
 * none), and helpers that drive workers the same way on a controllable clock (time moves by hand)
 * and in real time (bounded waits).
 *
 * <p>A broker module extends {@link DocketTck} or {@link WorkflowKit}, not this class.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(TckFixtureExtension.class)
public abstract class WorkflowContract {

  /** Manual time a driving loop moves per round while it waits for work to finish. */
  static final Duration MANUAL_STEP = Duration.ofSeconds(5);

  /** The context of the running test. */
  protected TckContext ctx;

  /** The broker under test, fresh for this test. */
  protected Broker broker;

  /** The state store under test, fresh for this test (or isolated by the namespace). */
  protected StateStore store;

  /** Its capabilities. */
  protected Capabilities caps;

  /** Time as the broker sees it. */
  protected TckTime time;

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  private @Nullable TckFixture fixture;

  /**
   * The second process's broker, for rules that race two processes (W1.7, W3.7): its own
   * client where the fixture gives one ({@link TckFixture#secondBroker}), closed after the test.
   */
  protected Broker secondBroker() {
    Broker b = fixture().secondBroker(ctx);
    return b == null ? broker : track(b);
  }

  /** The second process's state store: its own client where the fixture gives one. */
  protected StateStore secondStore() {
    StateStore s = fixture().secondStore(ctx);
    return s == null ? store : track(s);
  }

  private TckFixture fixture() {
    if (fixture == null) {
      throw new IllegalStateException("no fixture: the test has not been opened");
    }
    return fixture;
  }

  @BeforeEach
  final void open(TestInfo info, TckFixture fixture) {
    this.fixture = fixture;
    ctx = TckContext.forTest(info);
    broker = OpenedBroker.of(fixture, ctx);
    caps = broker.capabilities();
    time = TckTime.of(caps, ctx);
    StateStore own = fixture.store(ctx);
    // No store of the module's own: workflow state lives in the TCK's store, on broker time.
    store = own != null ? own : new TckLocalStore(time.clock());
  }

  @AfterEach
  final void close() {
    Teardown teardown = new Teardown();
    while (!closeables.isEmpty()) {
      teardown.close(closeables.pop());
    }
    teardown.closeThenCleanUp(fixture, ctx, broker, store);
    teardown.finish("closing after " + ctx.testName());
  }

  /** A client on the broker and store under test, on the broker's time. */
  protected Docket docket() {
    return docket(broker, store);
  }

  /**
   * A client on the given broker and store (wrappers of the ones under test, to inject faults).
   * Not closed by the TCK: closing it would close the broker and store the harness owns.
   */
  protected Docket docket(Broker b, @Nullable StateStore s) {
    Docket.Builder builder = Docket.builder().broker(b).clock(time.clock());
    if (s != null) {
      builder.store(s);
    }
    return builder.build();
  }

  /** Registers something to close after the test, before the broker (workers, schedulers). */
  protected <T extends AutoCloseable> T track(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  /**
   * Runs due jobs on {@code workers} until {@code done} holds. On a controllable clock, moves time
   * {@link #MANUAL_STEP} between rounds (so retries and lease expiries come due), for at most 200
   * rounds; in real time, polls within the event timeout. Fails naming {@code what} otherwise.
   */
  protected void runUntil(String what, BooleanSupplier done, Worker... workers) {
    long deadline = System.nanoTime() + ctx.timeouts().event().toNanos();
    for (int round = 0; ; round++) {
      for (Worker w : workers) {
        w.runDue();
      }
      if (done.getAsBoolean()) {
        return;
      }
      if (time.controllable()) {
        if (round >= 200) {
          fail("expected " + what + " by " + time.now());
        }
        time.advance(MANUAL_STEP);
      } else {
        if (System.nanoTime() > deadline) {
          fail("expected " + what + " within " + ctx.timeouts().event());
        }
        time.advance(Duration.ofMillis(20));
      }
    }
  }

  /** A worker on {@code docket} for this test's queue {@code default}, with a short lease. */
  protected Worker.Builder worker(Docket docket) {
    return docket.worker().queues(ctx.queue("default")).lease(time.shortLease());
  }
}
