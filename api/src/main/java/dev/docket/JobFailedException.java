package dev.docket;

import java.util.Objects;

/**
 * Thrown by {@link JobHandle#result} when the job ended {@link JobState#FAILURE} or {@link
 * JobState#DEAD}; carries the recorded failure (error class, message, stack trace, attempts).
 *
 * @since 0.1
 */
public class JobFailedException extends DocketException {
  private final JobId jobId;
  private final JobState state;
  private final JobFailure failure;

  /** For job {@code jobId} that ended in {@code state} with {@code failure}. */
  public JobFailedException(JobId jobId, JobState state, JobFailure failure) {
    super("job " + Objects.requireNonNull(jobId, "jobId").value() + " ended " + state + " ("
        + failure.reason() + ") after " + failure.attempts() + " attempt(s): "
        + (failure.errorClass().isEmpty() ? "" : failure.errorClass() + ": ")
        + failure.message());
    this.jobId = jobId;
    this.state = state;
    this.failure = failure;
  }

  /** The job. */
  public JobId jobId() {
    return jobId;
  }

  /** {@link JobState#FAILURE} or {@link JobState#DEAD}. */
  public JobState state() {
    return state;
  }

  /** The recorded failure. */
  public JobFailure failure() {
    return failure;
  }
}
