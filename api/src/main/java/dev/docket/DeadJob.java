package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;

/**
 * A job in a dead-letter queue, as listed by {@link DeadLetterQueue#list}.
 *
 * @param id the job id
 * @param task the task name from the broker headers ({@code "?"} if absent)
 * @param queue the queue it died in
 * @param body the original bytes
 * @param headers the original broker headers
 * @param enqueuedAt when it was first enqueued
 * @param failure why it died
 * @since 0.1
 */
public record DeadJob(
    JobId id,
    String task,
    String queue,
    byte[] body,
    Map<String, String> headers,
    Instant enqueuedAt,
    JobFailure failure) {

  /** Validates and copies. */
  public DeadJob {
    Require.nonNull("id", id, "task", task, "queue", queue, "body", body, "enqueuedAt", enqueuedAt,
        "failure", failure);
    headers = Map.copyOf(headers);
  }
}
