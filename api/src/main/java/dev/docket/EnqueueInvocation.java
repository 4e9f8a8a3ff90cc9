package dev.docket;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job about to be published, as {@link JobInterceptor#onEnqueue} sees it.
 *
 * @param jobId the job id
 * @param task the task name
 * @param queue the queue it goes to
 * @param createdAt when the client created it (client clock)
 * @param dueAt when it is due: its eta, or {@code createdAt} when it has none
 * @param headers the headers the caller gave (unmodifiable)
 * @since 0.3
 */
public record EnqueueInvocation(
    JobId jobId, String task, String queue, Instant createdAt, Instant dueAt,
    Map<String, String> headers) {

  /** Validates and copies. */
  public EnqueueInvocation {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(dueAt, "dueAt");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }
}
