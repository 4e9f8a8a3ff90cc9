package dev.docket;

import java.time.Duration;

/**
 * Thrown by {@link JobHandle#result} when the job did not finish within the timeout. The job
 * itself is unaffected and may still finish.
 *
 * @since 0.1
 */
public class ResultTimeoutException extends DocketException {
  /** For job {@code jobId}, last seen in {@code lastState} (a description). */
  public ResultTimeoutException(JobId jobId, Duration timeout, String lastState) {
    super("job " + jobId.value() + " did not finish within " + timeout + "; last recorded state: "
        + lastState);
  }
}
