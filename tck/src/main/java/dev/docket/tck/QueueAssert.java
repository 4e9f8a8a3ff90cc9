package dev.docket.tck;

import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Assertions on one queue's {@link Broker#stats} whose failures print the whole snapshot. On a
 * broker with approximate stats ({@code exactStats = false}) each check polls until it holds or
 * the bound passes, since such counts converge rather than change at once.
 *
 * <p>Get one from {@link BrokerAssert#assertThatQueue}. Not thread-safe.
 *
 * @since 0.1
 */
public final class QueueAssert {
  private final Broker broker;
  private final String queue;
  private final Duration settle;
  private String context = "";

  QueueAssert(Broker broker, String queue, Duration settle) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.settle = Objects.requireNonNull(settle, "settle");
  }

  /** Adds a sentence to every failure message, e.g. what the test did just before. */
  public QueueAssert as(String description) {
    this.context = " (" + description + ")";
    return this;
  }

  /** Ready, delayed and in-flight counts are zero. */
  public QueueAssert isEmpty() {
    return holds(s -> s.ready() == 0 && s.delayed() == 0 && s.inFlight() == 0,
        "no ready, delayed or in-flight messages");
  }

  /** Exactly these counts. */
  public QueueAssert hasCounts(long ready, long delayed, long inFlight, long dead) {
    return holds(s -> s.ready() == ready && s.delayed() == delayed && s.inFlight() == inFlight
            && s.dead() == dead,
        "ready=" + ready + ", delayed=" + delayed + ", inFlight=" + inFlight + ", dead=" + dead);
  }

  /** Exactly {@code n} ready. */
  public QueueAssert hasReady(long n) {
    return holds(s -> s.ready() == n, "ready=" + n);
  }

  /** Exactly {@code n} delayed. */
  public QueueAssert hasDelayed(long n) {
    return holds(s -> s.delayed() == n, "delayed=" + n);
  }

  /** Exactly {@code n} in flight. */
  public QueueAssert hasInFlight(long n) {
    return holds(s -> s.inFlight() == n, "inFlight=" + n);
  }

  /** Exactly {@code n} dead letters. */
  public QueueAssert hasDead(long n) {
    return holds(s -> s.dead() == n, "dead=" + n);
  }

  /** The oldest ready message became due at {@code instant}. */
  public QueueAssert hasOldestReadySince(Instant instant) {
    return holds(s -> Objects.equals(s.oldestReadySince(), instant),
        "oldestReadySince=" + instant);
  }

  /** Any predicate on the snapshot; {@code expectation} says what it means in words. */
  public QueueAssert holds(Predicate<QueueStats> check, String expectation) {
    if (settle.isZero()) {
      QueueStats stats = broker.stats(queue);
      if (!check.test(stats)) {
        Assertions.fail(message(expectation, stats));
      }
      return this;
    }
    try {
      Awaitility.await().atMost(settle).pollInterval(Duration.ofMillis(50))
          .until(() -> check.test(broker.stats(queue)));
    } catch (ConditionTimeoutException e) {
      Assertions.fail(message(expectation, broker.stats(queue)) + " within " + settle, e);
    }
    return this;
  }

  private String message(String expectation, QueueStats stats) {
    return "queue '" + queue + "' expected " + expectation + context + " but the broker reports "
        + BrokerAssert.describe(stats);
  }
}
