package dev.docket;

import java.time.Duration;

/**
 * Recorded as the failure of a job whose handler ran past its task timeout; the handler thread is
 * interrupted and the job is retried under its policy.
 *
 * @since 0.1
 */
public class JobTimeoutException extends DocketException {
  /** For a run that exceeded {@code timeout}. */
  public JobTimeoutException(String task, Duration timeout) {
    super("task '" + task + "' ran longer than its timeout of " + timeout);
  }
}
