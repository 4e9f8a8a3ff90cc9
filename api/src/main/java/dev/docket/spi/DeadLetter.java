package dev.docket.spi;

import dev.docket.JobFailure;
import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;

/**
 * A message parked in a queue's dead-letter queue, with its original bytes and why it is there.
 *
 * @param queue the queue it died in
 * @param id the job id
 * @param body the original bytes, unchanged
 * @param headers the original headers
 * @param priority the original priority
 * @param enqueuedAt when it was first published
 * @param failure why it was dead-lettered
 * @since 0.1
 */
public record DeadLetter(
    String queue,
    String id,
    byte[] body,
    Map<String, String> headers,
    int priority,
    Instant enqueuedAt,
    JobFailure failure) {

  /** Validates and copies. */
  public DeadLetter {
    Require.nonNull("queue", queue, "id", id, "body", body, "headers", headers,
        "enqueuedAt", enqueuedAt, "failure", failure);
    headers = Map.copyOf(headers);
  }
}
