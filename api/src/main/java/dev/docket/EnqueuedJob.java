package dev.docket;

import dev.docket.spi.support.Require;

/**
 * The result of an enqueue.
 *
 * @param id the job id
 * @param task the task name
 * @param queue the queue it went to
 * @param duplicate true when a live job with this id already existed and nothing was enqueued
 * @since 0.1
 */
public record EnqueuedJob(JobId id, String task, String queue, boolean duplicate) {
  /** Validates. */
  public EnqueuedJob {
    Require.nonNull("id", id, "task", task, "queue", queue);
  }
}
