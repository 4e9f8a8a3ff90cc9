package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.Docket;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.JobHandler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of every broker contract (R rules): it opens a fresh broker per test from the {@link
 * TckFixture#broker fixture}, closes it afterwards, runs the harness checks (rules R0.x) first,
 * and offers helpers that work the same on a controllable clock and in real time.
 *
 * <p>A broker module does not extend this class; it extends {@link DocketTck} (every kit) or
 * {@link BrokerCompatibilityKit}. While porting a broker, a {@link TckSuite} can nest one
 * contract alone ({@code @Nested class Lease extends LeaseContract {}}).
 *
 * <p>Tests run in method-name order ({@code r0_…} harness checks first), and a broker gets a
 * fresh {@link TckContext}, hence fresh queue names, for each test.
 *
 * @since 0.1
 */
public abstract class BrokerContract extends ContractHarness {

  /** Its capabilities, read once. */
  protected Capabilities caps;

  /** The fixture of this test, from the enclosing {@link TckSuite}. */
  TckFixture tckFixture;

  private @Nullable Docket docket;

  @BeforeEach
  final void openBroker(TestInfo info, TckFixture fixture) {
    tckFixture = fixture;
    ctx = TckContext.forTest(info);
    broker = OpenedBroker.of(fixture, ctx);
    caps = broker.capabilities();
    if (caps == null) {
      fail(broker.getClass().getName() + ".capabilities() returned null; declare a"
          + " Capabilities record");
    }
    time = TckTime.of(caps, ctx);
  }

  @AfterEach
  final void closeBroker() {
    Teardown teardown = new Teardown();
    // Workers first: stopping them hands their jobs back while the broker is still open.
    stopWorkers(teardown);
    teardown.closeThenCleanUp(tckFixture, ctx, broker);
    teardown.finish("closing the broker or its workers after " + ctx.testName());
  }

  // ---- Harness checks: when these fail, nothing else in the contract is meaningful. ----

  @Test
  @Tag("required")
  @DisplayName("R0.1 the fixture returns a broker whose declared capabilities are consistent")
  void r0_1_capabilitiesAreConsistent() {
    assertThat(broker.capabilities())
        .as("capabilities() must be constant for the broker's life")
        .isEqualTo(caps);
    assertThat(caps.messagePriority())
        .as("messagePriority must be true exactly when priorityLevels > 1, was %s", caps)
        .isEqualTo(caps.priorityLevels() > 1);
    assertThat(caps.priorityLevels())
        .as("priorityLevels cannot exceed the 10 message priorities 0..9, was %s", caps)
        .isLessThanOrEqualTo(Message.MAX_PRIORITY - Message.MIN_PRIORITY + 1);
    assertThat(caps.maxMessageBytes())
        .as("maxMessageBytes must leave room for a job envelope (at least 1 KiB), was %s", caps)
        .isGreaterThanOrEqualTo(1024);
    assertThat(caps.minLease().isPositive())
        .as("minLease must be positive, was %s", caps).isTrue();
    assertThat(caps.delayTolerance().isNegative())
        .as("delayTolerance must not be negative, was %s", caps).isFalse();
    assertThat(caps.maxDelay().isPositive())
        .as("maxDelay must be positive, was %s", caps).isTrue();
  }

  @Test
  @Tag("required")
  @DisplayName("R0.2 a freshly declared queue is empty: no stats, no delivery, no dead letters")
  void r0_2_freshQueueStartsEmpty() {
    String q = declared("fresh");
    broker.declareQueue(q); // idempotent: a second declare must not fail or add anything
    assertThatQueue(q).as("a queue no test has published to").hasCounts(0, 0, 0, 0);
    assertThat(broker.stats(q).oldestReadySince())
        .as("oldestReadySince of an empty queue").isNull();
    assertNothingDue("nothing was published", q);
    assertThat(broker.deadLetters().list(q, null, 10).items())
        .as("dead letters of a fresh queue").isEmpty();
  }

  // ---- Helpers for contracts. ----

  /** Skips the test, naming the capability a broker would declare to run it. */
  protected static void requireCapability(boolean declared, String capability, String rule) {
    Assumptions.assumeTrue(declared, () -> "skipped: the broker does not declare " + capability
        + " in its Capabilities; " + rule + " applies only to brokers that do. Declare it in"
        + " Broker.capabilities() if the broker supports it.");
  }

  /**
   * The queue {@code name} of this test, declared, for a rule that needs {@code capability}:
   * skipped first, as {@link #requireCapability} does, if the broker does not declare it.
   */
  String declaredIf(String name, boolean declared, String capability, String rule) {
    requireCapability(declared, capability, rule);
    return declared(name);
  }

  /** Publishes one message and expects it accepted. */
  protected void publish(String queue, Message message) {
    List<PublishOutcome> out = broker.publish(queue, List.of(message));
    assertThat(out).as("publish(%s, [%s]) outcomes", queue, message.id())
        .containsExactly(PublishOutcome.ACCEPTED);
  }

  /** One fetch of what is due now (zero wait on a manual clock, a short poll in real time). */
  protected List<Delivery> fetchDue(List<String> queues, int max, Duration lease) {
    try {
      return broker.fetch(new FetchRequest(queues, max, lease, time.fetchWait()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while fetching from " + queues, e);
    }
  }

  /**
   * Fetches until {@code count} deliveries arrived from {@code queues}; fails, with the queues'
   * stats, if they do not arrive (at once on a manual clock, within the event timeout in real
   * time). Returns them in arrival order; may return more than {@code count} when a fetch
   * brought more.
   */
  protected List<Delivery> awaitDeliveries(List<String> queues, int count, Duration lease) {
    List<Delivery> got = new ArrayList<>();
    long deadline = System.nanoTime() + ctx.timeouts().event().toNanos();
    while (got.size() < count) {
      List<Delivery> batch = fetchDue(queues, count - got.size(), lease);
      got.addAll(batch);
      boolean giveUp = time.controllable() ? batch.isEmpty() : System.nanoTime() > deadline;
      if (got.size() < count && giveUp) {
        fail("expected " + count + " deliveries from " + queues + " but got " + got.size()
            + " " + BrokerAssert.describe(got) + (time.controllable() ? " at " + time.now()
            : " within " + ctx.timeouts().event()) + "; broker state: "
            + BrokerAssert.describe(broker, queues.toArray(String[]::new)));
      }
    }
    return got;
  }

  /** Exactly one delivery from {@code queue}. */
  protected Delivery awaitDelivery(String queue, Duration lease) {
    List<Delivery> got = awaitDeliveries(List.of(queue), 1, lease);
    assertThat(got).as("deliveries from %s", queue).hasSize(1);
    return got.get(0);
  }

  /** When a call ran, in broker time: it began no earlier than {@code from}, ended by {@code to}. */
  record Span(Instant from, Instant to) {}

  /** Publishes {@code message} to {@code queue}; returns when the publish ran. */
  Span publishTimed(String queue, Message message) {
    Instant from = time.now();
    publish(queue, message);
    return new Span(from, time.now());
  }

  /** A job on {@code queue} whose delivery holds it for {@code lease}. */
  record Leased(String queue, Duration lease, Delivery delivery) {}

  /**
   * A job published to this test's main queue and delivered on {@link TckTime#shortLease()}.
   */
  Leased shortLeasedJob() {
    String q = declared("main");
    Duration lease = time.shortLease();
    return new Leased(q, lease, leaseNewJob(q, lease));
  }

  /** A job delivered twice: its first delivery's token is stale, its second holds it now. */
  record Redelivered(String queue, Delivery stale, Delivery current) {}

  /**
   * Like {@link #expectDeliveryAt}, on a long lease, for a job's second delivery: its
   * deliveryCount must be 2.
   */
  void expectSecondDeliveryAt(String queue, Instant due, String what) {
    Delivery again = expectDeliveryAt(queue, due, TckTime.LONG_LEASE, what);
    assertThat(again.deliveryCount()).as("deliveryCount of %s", what).isEqualTo(2);
  }

  /** Publishes a new job to {@code queue}; returns its first delivery, leased for {@code lease}. */
  protected Delivery leaseNewJob(String queue, Duration lease) {
    publish(queue, MessageBuilder.aJob().build());
    return awaitDelivery(queue, lease);
  }

  /**
   * Proves nothing is deliverable from {@code queues}: one fetch on a manual clock; in real
   * time, fetches for the quiet period. Anything delivered fails the test with {@code why}.
   */
  protected void assertNothingDue(String why, String... queues) {
    List<String> qs = List.of(queues);
    long deadline = System.nanoTime() + ctx.timeouts().quietPeriod().toNanos();
    do {
      List<Delivery> got = fetchDue(qs, 10, TckTime.LONG_LEASE);
      if (!got.isEmpty()) {
        fail("expected no delivery from " + qs + " (" + why + ") at " + time.now()
            + " but got " + BrokerAssert.describe(got) + "; broker state: "
            + BrokerAssert.describe(broker, queues));
      }
    } while (!time.controllable() && System.nanoTime() < deadline);
  }

  /**
   * Expects {@code queue}'s next delivery to become due at {@code due}: never before it, and no
   * later than the declared {@link Capabilities#delayTolerance()} after it. On a manual clock the
   * TCK checks 1 ms before and then at the instant; in real time every fetch that returns the
   * message must have returned at or after {@code due} (a sound check even when the broker's
   * clock and ours differ by the fetch's round trip). {@code what} names the message for
   * failures.
   */
  protected Delivery expectDeliveryAt(String queue, Instant due, Duration lease, String what) {
    Duration tolerance = caps.delayTolerance();
    if (time.controllable()) {
      time.advanceTo(due.minusMillis(1));
      assertNothingDue(what + " is due at " + due + ", not 1 ms earlier", queue);
      time.advanceTo(due);
      List<Delivery> got = fetchDue(List.of(queue), 1, lease);
      if (got.isEmpty() && tolerance.isPositive()) {
        time.advanceTo(due.plus(tolerance));
        got = fetchDue(List.of(queue), 1, lease);
      }
      if (got.isEmpty()) {
        fail(what + " was due at " + due + " but was not delivered by " + time.now()
            + " (declared delayTolerance " + tolerance + "); broker state: "
            + BrokerAssert.describe(broker, queue));
      }
      return got.get(0);
    }
    Duration allowedLate = tolerance.plus(ctx.timeouts().pollFetch())
        .plus(ctx.timeouts().scale(Duration.ofSeconds(1)));
    long deadline = System.nanoTime() + Duration.between(time.now(), due).plus(allowedLate)
        .plus(ctx.timeouts().event()).toNanos();
    FetchLog log = new FetchLog(due);
    while (true) {
      Instant start = time.now();
      List<Delivery> got = fetchDue(List.of(queue), 1, lease);
      Instant end = time.now();
      log.add(start, end, got.size());
      if (!got.isEmpty()) {
        if (end.isBefore(due)) {
          fail(what + " was delivered early: a fetch returned it at " + end + " but it is due"
              + " at " + due + "; delivery " + got.get(0));
        }
        assertThat(Duration.between(due, end))
            .as("%s is due at %s and must arrive within delayTolerance %s (+ polling slack); %s",
                what, due, tolerance, log)
            .isLessThanOrEqualTo(allowedLate);
        return got.get(0);
      }
      if (System.nanoTime() > deadline) {
        fail(what + " was due at " + due + " but was not delivered by " + end
            + "; " + log + "; broker state: " + BrokerAssert.describe(broker, queue));
      }
    }
  }

  /**
   * The fetches one real-time wait made, for its failure message: a late delivery then says
   * whether one fetch hung (a stalled connection or server) or many returned nothing after the
   * due time (the broker did not make the message deliverable).
   */
  private static final class FetchLog {
    private static final int KEEP = 6;
    private final Instant due;
    private final List<String> last = new ArrayList<>();
    private final long gcAtStart = gcPauseMillis();
    private int fetches;
    private int emptyAfterDue;
    private Duration longest = Duration.ZERO;
    private @Nullable Instant longestAt;

    FetchLog(Instant due) {
      this.due = due;
    }

    void add(Instant start, Instant end, int got) {
      fetches++;
      Duration took = Duration.between(start, end);
      if (took.compareTo(longest) > 0) {
        longest = took;
        longestAt = start;
      }
      if (got == 0 && start.isAfter(due)) {
        emptyAfterDue++;
      }
      if (last.size() == KEEP) {
        last.remove(0);
      }
      last.add("[" + Duration.between(due, start).toMillis() + " ms, took "
          + took.toMillis() + " ms, got " + got + "]");
    }

    @Override
    public String toString() {
      return fetches + " fetches, " + emptyAfterDue + " begun after due returned nothing, longest "
          + longest.toMillis() + " ms begun " + (longestAt == null ? "-"
              : Duration.between(due, longestAt).toMillis() + " ms from due")
          + ", this JVM's GC pauses meanwhile " + (gcPauseMillis() - gcAtStart) + " ms"
          + ", last (start from due, duration, messages): " + String.join(" ", last);
    }

    /** Milliseconds this JVM spent in collections that pause it (not concurrent cycles). */
    private static long gcPauseMillis() {
      long sum = 0;
      for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        if (!gc.getName().contains("Concurrent")) {
          sum += Math.max(0, gc.getCollectionTime());
        }
      }
      return sum;
    }
  }

  /** The first dead letter {@code queue} lists (fails if there is none). */
  protected DeadLetter firstDeadLetter(String queue) {
    return broker.deadLetters().list(queue, null, 10).items().get(0);
  }

  /** A failure record for SPI-level dead-lettering. */
  protected JobFailure aFailure(String message) {
    return new JobFailure(FailureReason.RETRIES_EXHAUSTED, IllegalStateException.class.getName(),
        message, "java.lang.IllegalStateException: " + message + "\n\tat tck.Test(Test.java:1)",
        3, time.now(), "tck-worker");
  }

  /** Stats assertions on {@code queue}, converging for approximate-stats brokers. */
  protected QueueAssert assertThatQueue(String queue) {
    return BrokerAssert.assertThatQueue(broker, queue,
        caps.exactStats() ? Duration.ZERO : ctx.timeouts().event());
  }

  /** A client on the broker under test, on the broker's time. One per test. */
  @Override
  protected Docket docket() {
    if (docket == null) {
      // Not closed by the TCK: closing a Docket closes the broker, which the harness owns.
      docket = Docket.builder().broker(broker).clock(time.clock()).build();
    }
    return docket;
  }

  /** A task {@code name} on {@code queue} with no result and the default retry policy. */
  static TaskType<TckArgs, Void> plainTask(String name, String queue) {
    return TaskType.builder(name, TckArgs.class, Void.class).queue(queue).build();
  }

  /**
   * Like {@link #longLeaseWorker}, but started: it fetches on its own, waiting at most 100 ms a
   * fetch, so a test sees what a running worker does (and how it stops).
   */
  <A, R> Worker startedWorker(String q, TaskType<A, R> task, JobHandler<A, R> handler) {
    return track(docket().worker().queues(q).lease(TckTime.LONG_LEASE)
        .fetchWait(Duration.ofMillis(100)).handle(task, handler).start());
  }
}
