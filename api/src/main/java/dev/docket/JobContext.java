package dev.docket;

import java.time.Instant;
import java.util.Map;

/**
 * What a running handler knows about its job. One instance per run; not shared across threads.
 *
 * @since 0.1
 */
public interface JobContext {
  /** The job id. */
  JobId jobId();

  /** The task name. */
  String task();

  /** The queue it came from. */
  String queue();

  /** This attempt, 1-based: 1 is the first run, 2 the first retry. */
  int attempt();

  /** Retries allowed after the first attempt. */
  int maxRetries();

  /** Headers given at enqueue. */
  Map<String, String> headers();

  /** When the job was created by the client. */
  Instant createdAt();

  /** The id of the worker running it. */
  String workerId();
}
