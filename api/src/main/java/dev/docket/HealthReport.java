package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link Docket#health}: healthy when no queue breaks a threshold.
 *
 * @param healthy true when {@link #problems()} is empty
 * @param queues one entry per queue checked
 * @param problems one sentence per broken threshold, naming queue, value and limit
 * @param stuckHandlers handlers past their timeout that ignored the interrupt and still run (a
 *     worker's report, {@link Worker#health}); 0 in a client's report
 * @since 0.1
 */
public record HealthReport(boolean healthy, List<QueueHealth> queues, List<String> problems,
    int stuckHandlers) {

  /** Copies. */
  public HealthReport {
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    Require.nonNegative("stuckHandlers", stuckHandlers);
  }

  /** A report without worker figures (no stuck handlers). */
  public HealthReport(boolean healthy, List<QueueHealth> queues, List<String> problems) {
    this(healthy, queues, problems, 0);
  }

  /**
   * One queue's figures.
   *
   * @param stats the snapshot
   * @param oldestReadyAge how long the oldest ready message has waited
   */
  public record QueueHealth(QueueStats stats, Duration oldestReadyAge) {}
}
