package dev.docket.cron;

import dev.docket.TaskType;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A named cron schedule: which task to enqueue, with which argument, on which {@link
 * CronSchedule}, and what to do with ticks missed while no scheduler ran. The name identifies
 * the schedule across every scheduler instance: instances that register the same name share its
 * ticks, and each tick yields exactly one job. Immutable; the {@code with*} methods return
 * copies.
 *
 * <pre>{@code
 * Schedule<Report> nightly = Schedule.of("reports.nightly", BUILD_REPORT,
 *         CronSchedule.unix("0 2 * * *").zone(ZoneId.of("Europe/Paris")), new Report("daily"))
 *     .withMisfire(MisfirePolicy.SKIP);
 * }</pre>
 *
 * @param <A> the task's argument type
 * @since 0.1
 */
public final class Schedule<A> {

  /** Ticks seen later than this are missed for {@link MisfirePolicy#SKIP}: 1 minute. */
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofMinutes(1);

  /** Most catch-up jobs {@link MisfirePolicy#RUN_ALL} enqueues at once: 100. */
  public static final int DEFAULT_MAX_CATCH_UP = 100;

  private final String name;
  private final TaskType<A, ?> task;
  private final CronSchedule cron;
  private final Function<CronTick, A> args;
  private final MisfirePolicy misfire;
  private final Duration misfireThreshold;
  private final int maxCatchUp;
  private final @Nullable String queue;

  private Schedule(String name, TaskType<A, ?> task, CronSchedule cron,
      Function<CronTick, A> args, MisfirePolicy misfire, Duration misfireThreshold,
      int maxCatchUp, @Nullable String queue) {
    this.name = TaskType.validateName(name);
    this.task = Objects.requireNonNull(task, "task");
    this.cron = Objects.requireNonNull(cron, "cron");
    this.args = Objects.requireNonNull(args, "args");
    this.misfire = Objects.requireNonNull(misfire, "misfire");
    this.misfireThreshold = Objects.requireNonNull(misfireThreshold, "misfireThreshold");
    if (misfireThreshold.isNegative()) {
      throw new IllegalArgumentException("misfire threshold of schedule '" + name
          + "' must not be negative, was " + misfireThreshold);
    }
    if (maxCatchUp < 1) {
      throw new IllegalArgumentException("maxCatchUp of schedule '" + name
          + "' must be at least 1, was " + maxCatchUp);
    }
    this.maxCatchUp = maxCatchUp;
    this.queue = queue == null ? null : TaskType.validateQueue(queue);
  }

  /**
   * Enqueues {@code task} with the same {@code args} at every tick of {@code cron}. The name
   * (letters, digits, {@code . _ : -}) must be the same on every instance.
   */
  public static <A> Schedule<A> of(String name, TaskType<A, ?> task, CronSchedule cron, A args) {
    return new Schedule<>(name, task, cron, tick -> args, MisfirePolicy.RUN_ONCE,
        DEFAULT_MISFIRE_THRESHOLD, DEFAULT_MAX_CATCH_UP, null);
  }

  /** Enqueues {@code task} at every tick with the {@link CronTick} as its argument. */
  public static Schedule<CronTick> ofTicks(String name, TaskType<CronTick, ?> task,
      CronSchedule cron) {
    return new Schedule<>(name, task, cron, Function.identity(), MisfirePolicy.RUN_ONCE,
        DEFAULT_MISFIRE_THRESHOLD, DEFAULT_MAX_CATCH_UP, null);
  }

  /** A copy with another misfire policy (default {@link MisfirePolicy#RUN_ONCE}). */
  public Schedule<A> withMisfire(MisfirePolicy policy) {
    return new Schedule<>(name, task, cron, args, policy, misfireThreshold, maxCatchUp, queue);
  }

  /** A copy with another lateness after which a tick counts as missed (default 1 minute). */
  public Schedule<A> withMisfireThreshold(Duration threshold) {
    return new Schedule<>(name, task, cron, args, misfire, threshold, maxCatchUp, queue);
  }

  /** A copy with another cap on {@link MisfirePolicy#RUN_ALL} catch-up jobs (default 100). */
  public Schedule<A> withMaxCatchUp(int max) {
    return new Schedule<>(name, task, cron, args, misfire, misfireThreshold, max, queue);
  }

  /** A copy that enqueues to {@code queue} instead of the task's default queue. */
  public Schedule<A> withQueue(String queue) {
    return new Schedule<>(name, task, cron, args, misfire, misfireThreshold, maxCatchUp,
        Objects.requireNonNull(queue, "queue"));
  }

  /** The schedule name, shared by every instance. */
  public String name() {
    return name;
  }

  /** The task enqueued at each tick. */
  public TaskType<A, ?> task() {
    return task;
  }

  /** When it fires. */
  public CronSchedule cron() {
    return cron;
  }

  /** The misfire policy. */
  public MisfirePolicy misfire() {
    return misfire;
  }

  /** Lateness after which a tick counts as missed. */
  public Duration misfireThreshold() {
    return misfireThreshold;
  }

  /** Cap on catch-up jobs of {@link MisfirePolicy#RUN_ALL}. */
  public int maxCatchUp() {
    return maxCatchUp;
  }

  /** The queue override, or {@code null} for the task's queue. */
  public @Nullable String queue() {
    return queue;
  }

  /** The argument of the job for {@code tick}. */
  public A argsFor(CronTick tick) {
    return args.apply(tick);
  }

  @Override
  public String toString() {
    return "Schedule[" + name + ": " + task.name() + " at " + cron + ", " + misfire + "]";
  }
}
