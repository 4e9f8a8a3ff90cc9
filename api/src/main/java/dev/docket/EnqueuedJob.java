package dev.docket;

import java.util.Objects;

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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(queue, "queue");
  }
}
