package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;

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
    Require.nonNull("jobId", jobId, "task", task, "queue", queue, "createdAt", createdAt,
        "dueAt", dueAt, "headers", headers);
    headers = Map.copyOf(headers);
  }
}
