package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Instant;

/**
 * Why and when a job failed for good.
 *
 * @param reason the category
 * @param errorClass the exception class name, or {@code ""} when no exception was involved
 * @param message a human sentence
 * @param stackTrace the stack trace text, possibly empty
 * @param attempts how many deliveries the job had
 * @param failedAt when it was dead-lettered
 * @param workerId the worker that dead-lettered it
 * @since 0.1
 */
public record JobFailure(
    FailureReason reason,
    String errorClass,
    String message,
    String stackTrace,
    int attempts,
    Instant failedAt,
    String workerId) {

  /** Validates. */
  public JobFailure {
    Require.nonNull("reason", reason, "errorClass", errorClass, "message", message,
        "stackTrace", stackTrace, "failedAt", failedAt, "workerId", workerId);
  }
}
