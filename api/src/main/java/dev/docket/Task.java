package dev.docket;

import dev.docket.cron.CronTick;
import dev.docket.cron.MisfirePolicy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a handler object as a task, Celery-decorator style. Register the object with
 * {@link Worker.Builder#register(Object)}. The method takes the argument (any JSON-mappable type)
 * and optionally a {@link JobContext}, in that order, and returns the result or {@code void}.
 *
 * <pre>{@code
 * class Mailer {
 *   @Task(name = "email.send", queue = "high", maxRetries = 3)
 *   void send(Email email) { ... }
 *
 *   @Task(name = "reports.nightly", schedule = "0 2 * * *", zone = "Europe/Paris")
 *   void nightly(CronTick tick) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {
  /** The task name; defaults to the method name. */
  String name() default "";

  /** The default queue for enqueues of this task. */
  String queue() default TaskType.DEFAULT_QUEUE;

  /** Retries after the first attempt; -1 keeps {@link RetryPolicy#DEFAULT_MAX_RETRIES}. */
  int maxRetries() default -1;

  /** Delay before the first retry as an ISO-8601 duration ({@code PT1S}); empty: default. */
  String initialBackoff() default "";

  /** Cap on retry delays as an ISO-8601 duration; empty: default. */
  String maxBackoff() default "";

  /** Run-time limit as an ISO-8601 duration ({@code PT30S}); empty: {@link TaskType#DEFAULT_TIMEOUT}. */
  String timeout() default "";

  /** Exception types that fail the job without retries. */
  Class<? extends Throwable>[] nonRetryable() default {};

  /**
   * Makes the handler idempotent for this ISO-8601 duration ({@code PT24H}); the key is a hash of
   * the argument's JSON. Empty: not idempotent. For a key of your choice use {@link
   * TaskType.Builder#idempotencyKey}. Needs a state store.
   */
  String idempotencyTtl() default "";

  /** One job of this task at a time across all workers. Needs a state store. */
  boolean singleton() default false;

  /** What a {@link #singleton()} job does when another holds the lock. */
  OnConflict onConflict() default OnConflict.RESCHEDULE;

  /** Most jobs of this task running at once across all workers; 0: no limit. Needs a store. */
  int maxConcurrency() default 0;

  /** Most starts per {@link #rateWindow()} across all workers; 0: no limit. Needs a store. */
  int rateLimit() default 0;

  /** The window of {@link #rateLimit()} as an ISO-8601 duration. */
  String rateWindow() default "PT1M";

  /**
   * A cron expression: when set, the worker that registers this object also enqueues the task
   * at every tick (see {@link Scheduler}; one job per tick however many workers register it).
   * 5 fields are Unix ({@code "0 0 * * *"}), 6 Spring and 7 Quartz, both with seconds first.
   * The method then takes a {@link CronTick}. Empty: not scheduled.
   */
  String schedule() default "";

  /** The time zone of {@link #schedule()}, e.g. {@code Europe/Paris}; default UTC. */
  String zone() default "UTC";

  /** What to do with ticks missed while no worker ran. */
  MisfirePolicy misfire() default MisfirePolicy.RUN_ONCE;
}
