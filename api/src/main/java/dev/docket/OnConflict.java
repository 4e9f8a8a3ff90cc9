package dev.docket;

/**
 * What a job of a singleton task does when another job holds its lock.
 *
 * @since 0.1
 */
public enum OnConflict {
  /** Finish at once without running the body: the job ends {@link JobState#SUCCESS}, no result. */
  SKIP,
  /**
   * Hand the job back to run again after the task's retry delay. A rescheduled job does not use
   * up its retries.
   */
  RESCHEDULE
}
