package dev.docket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link Docket#health}: healthy when no queue breaks a threshold.
 *
 * @param healthy true when {@link #problems()} is empty
 * @param queues one entry per queue checked
 * @param problems one sentence per broken threshold, naming queue, value and limit
 * @since 0.1
 */
public record HealthReport(boolean healthy, List<QueueHealth> queues, List<String> problems) {

  /** Copies. */
  public HealthReport {
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
  }

  /**
   * One queue's figures.
   *
   * @param stats the snapshot
   * @param oldestReadyAge how long the oldest ready message has waited
   */
  public record QueueHealth(QueueStats stats, Duration oldestReadyAge) {}
}
