package dev.docket.internal;

import dev.docket.cron.Schedule;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks of the names and values users give: task and queue names, positive durations. */
public final class Names {
  private static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
  private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

  private Names() {}

  /** {@code name}, once checked as a task name: 1-200 letters, digits, {@code . _ : -}. */
  public static String task(String name) {
    return matching(TASK, Objects.requireNonNull(name, "name"), "task",
        "1-200 letters, digits, '.', '_', ':' or '-'");
  }

  /** {@code queue}, once checked as a queue name: 1-80 letters, digits, {@code . _ -}. */
  public static String queue(String queue) {
    return matching(QUEUE, Objects.requireNonNull(queue, "queue"), "queue",
        "1-80 letters, digits, '.', '_' or '-'");
  }

  private static String matching(Pattern pattern, String name, String kind, String allowed) {
    if (!pattern.matcher(name).matches()) {
      throw new IllegalArgumentException(kind + " name '" + name + "' is invalid: use " + allowed
          + ", starting with a letter or digit");
    }
    return name;
  }

  /** A worker's queues, once checked: at least one, each a valid queue name, none twice. */
  public static java.util.List<String> workerQueues(java.util.List<String> queues) {
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one queue");
    }
    queues.forEach(Names::queue);
    if (java.util.Set.copyOf(queues).size() != queues.size()) {
      throw new IllegalArgumentException("queue listed twice: " + queues);
    }
    return queues;
  }

  /**
   * Registers {@code schedule} under its name in {@code schedules}; a name registered twice fails,
   * the message ending with {@code hint} (empty, or how to name a schedule).
   */
  public static void addSchedule(Map<String, Schedule<?>> schedules, Schedule<?> schedule,
      String hint) {
    Objects.requireNonNull(schedule, "schedule");
    if (schedules.putIfAbsent(schedule.name(), schedule) != null) {
      throw new IllegalArgumentException("schedule '" + schedule.name()
          + "' is registered twice; give each schedule its own name" + hint);
    }
  }

  /** {@code d}, once checked as non-null and positive; {@code what} names it in the error. */
  public static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /** {@code priority} of task {@code task}, once checked to be 0 to 9. */
  public static int priority(String task, int priority) {
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException(
          "priority of task '" + task + "' must be 0 to 9, was " + priority);
    }
    return priority;
  }

  /** {@code timeout} of task {@code task}, once checked as non-null and positive. */
  public static Duration timeout(String task, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of task '" + task + "' must be positive");
    }
    return timeout;
  }

  /** Checks a rate limit: at least 1 permit per a window of at least 1 ms. */
  public static void rateLimit(int permits, Duration window) {
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit permits must be at least 1, was "
          + permits);
    }
    positive(window, "rate limit window");
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("rate limit window must be at least 1 ms, was "
          + window);
    }
  }
}
