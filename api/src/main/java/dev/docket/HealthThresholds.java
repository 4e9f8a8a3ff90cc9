package dev.docket;

import dev.docket.internal.StuckHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits above which a queue is reported unhealthy by {@link Docket#health}.
 *
 * @param maxReady ready messages
 * @param maxOldestReadyAge age of the oldest ready message
 * @param maxDead dead letters
 * @param maxStuckHandlers handlers of one worker stuck past their timeout ({@link
 *     Worker#health}); a worker whose every slot is stuck is unhealthy whatever this says
 * @since 0.1
 */
public record HealthThresholds(long maxReady, Duration maxOldestReadyAge, long maxDead,
    int maxStuckHandlers) {

  /**
   * Defaults: 10 000 ready, 5 minutes oldest age, 0 dead letters, and no limit on stuck handlers
   * below the whole worker (a worker whose every slot is stuck is unhealthy).
   */
  public static HealthThresholds defaults() {
    return DEFAULTS;
  }

  private static final HealthThresholds DEFAULTS =
      new HealthThresholds(10_000, Duration.ofMinutes(5), 0);

  /** Validates. */
  public HealthThresholds {
    Objects.requireNonNull(maxOldestReadyAge, "maxOldestReadyAge");
    if (maxReady < 0 || maxDead < 0 || maxOldestReadyAge.isNegative() || maxStuckHandlers < 0) {
      throw new IllegalArgumentException("health thresholds must not be negative");
    }
  }

  /** Queue thresholds only: stuck handlers matter only when they hold every slot. */
  public HealthThresholds(long maxReady, Duration maxOldestReadyAge, long maxDead) {
    this(maxReady, maxOldestReadyAge, maxDead, Integer.MAX_VALUE);
  }

  /**
   * Checks queue figures against these thresholds: one sentence per broken threshold, naming
   * the queue, the value and the limit. {@link Docket#health} uses it on fresh stats; a metrics
   * poller can use it on cached ones, so a health check costs no broker call.
   *
   * @param queues each queue's stats with the age of its oldest ready job
   * @return the report; {@link HealthReport#stuckHandlers()} is 0
   * @since 0.3
   */
  public HealthReport check(List<HealthReport.QueueHealth> queues) {
    List<String> problems = new ArrayList<>();
    for (HealthReport.QueueHealth h : queues) {
      QueueStats s = h.stats();
      String q = s.queue();
      if (s.ready() > maxReady) {
        problems.add("queue '" + q + "' has " + s.ready() + " ready jobs, above the limit of "
            + maxReady);
      }
      if (h.oldestReadyAge().compareTo(maxOldestReadyAge) > 0) {
        problems.add("queue '" + q + "': the oldest ready job has waited " + h.oldestReadyAge()
            + ", above the limit of " + maxOldestReadyAge);
      }
      if (s.dead() > maxDead) {
        problems.add("queue '" + q + "' has " + s.dead() + " dead jobs, above the limit of "
            + maxDead);
      }
    }
    return new HealthReport(problems.isEmpty(), queues, problems);
  }

  /**
   * The problem with a worker's {@code stuck} handlers, if any: every one of its {@code slots}
   * stuck is always a problem, otherwise more than {@link #maxStuckHandlers()}.
   *
   * @since 0.3
   */
  public Optional<String> checkStuck(String workerId, int stuck, int slots) {
    return StuckHandlers.problem(workerId, stuck, slots, maxStuckHandlers);
  }

  /** A copy with {@code max} as {@link #maxStuckHandlers()}. */
  public HealthThresholds withMaxStuckHandlers(int max) {
    return new HealthThresholds(maxReady, maxOldestReadyAge, maxDead, max);
  }
}
