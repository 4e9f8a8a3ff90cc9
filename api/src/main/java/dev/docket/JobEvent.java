package dev.docket;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a job, delivered to {@link JobListener}s on the thread that caused
 * it. Metrics, logs and state tracking build on these.
 *
 * @since 0.1
 */
public sealed interface JobEvent {

  /** The job id. */
  JobId jobId();

  /** The task name ({@code "?"} when the body could not be decoded). */
  String task();

  /** The queue. */
  String queue();

  /** When it happened (client or worker clock). */
  Instant at();

  /** The job was stored on the broker. */
  record Enqueued(JobId jobId, String task, String queue, Instant at, Instant dueAt)
      implements JobEvent {}

  /** A worker started an attempt. */
  record Started(JobId jobId, String task, String queue, Instant at, int attempt, String workerId)
      implements JobEvent {}

  /** The attempt returned; the job is acked. */
  record Succeeded(
      JobId jobId, String task, String queue, Instant at, int attempt, Duration runtime,
      @Nullable Object result)
      implements JobEvent {}

  /** The attempt threw or timed out; a {@link Retried} or {@link DeadLettered} follows. */
  record Failed(
      JobId jobId, String task, String queue, Instant at, int attempt, Duration runtime,
      Throwable error)
      implements JobEvent {}

  /** The job was given back to the broker to run again after {@code delay}. */
  record Retried(JobId jobId, String task, String queue, Instant at, int attempt, Duration delay)
      implements JobEvent {}

  /** The job was moved to the dead-letter queue. */
  record DeadLettered(JobId jobId, String task, String queue, Instant at, JobFailure failure)
      implements JobEvent {}

  /**
   * A handler ran past its timeout and did not return when interrupted: its job was already
   * settled as timed out (retried or dead-lettered), but its thread still runs and keeps its
   * worker slot, singleton lock and concurrency permit until it returns. Reported once, a moment
   * after the interrupt; {@code Worker.stuckHandlers()} counts those still running.
   *
   * @since 0.2
   */
  record HandlerStuck(
      JobId jobId, String task, String queue, Instant at, int attempt, Duration timeout,
      String workerId)
      implements JobEvent {}
}
