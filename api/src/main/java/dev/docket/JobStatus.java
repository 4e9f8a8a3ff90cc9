package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job's state as recorded in the shared state store, read through {@link JobHandle#status()}.
 *
 * @param id the job id
 * @param state the state
 * @param task the task name
 * @param queue the queue
 * @param attempt the attempt the state belongs to (0 while {@link JobState#PENDING})
 * @param updatedAt when the state was recorded (clock of the process that recorded it)
 * @param failure why the job failed, for {@link JobState#FAILURE} and {@link JobState#DEAD}
 * @since 0.1
 */
public record JobStatus(
    JobId id,
    JobState state,
    String task,
    String queue,
    int attempt,
    Instant updatedAt,
    @Nullable JobFailure failure) {

  /** Validates. */
  public JobStatus {
    Require.nonNull("id", id, "state", state, "task", task, "queue", queue, "updatedAt", updatedAt);
  }
}
