package dev.docket.internal;

import dev.docket.HealthReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The health verdict on a worker's handlers stuck past their timeout (issue 10, item 10). */
public final class StuckHandlers {
  private StuckHandlers() {}

  /**
   * The problem sentence for {@code stuck} stuck handlers of a worker with {@code slots} slots,
   * or empty when healthy: every slot stuck is always a problem, otherwise above {@code max}.
   */
  public static Optional<String> problem(String workerId, int stuck, int slots, int max) {
    if (stuck >= slots) {
      return Optional.of("worker " + workerId + ": all " + slots + " slots are held by handlers"
          + " stuck past their timeout, so it runs nothing; fix the handlers that ignore"
          + " interruption and restart the worker");
    }
    if (stuck > max) {
      return Optional.of("worker " + workerId + " has " + stuck + " handlers stuck past their"
          + " timeout (of " + slots + " slots), above the limit of " + max);
    }
    return Optional.empty();
  }

  /**
   * A worker's health: {@code queues} (its queues' report) plus the problem of its {@code stuck}
   * handlers, if any.
   */
  public static HealthReport health(HealthReport queues, String workerId, int stuck, int slots,
      int max) {
    List<String> problems = new ArrayList<>(queues.problems());
    problem(workerId, stuck, slots, max).ifPresent(problems::add);
    return new HealthReport(problems.isEmpty(), queues.queues(), problems, stuck);
  }
}
