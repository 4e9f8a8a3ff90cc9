package dev.docket.internal;

import dev.docket.JobContext;
import dev.docket.JobId;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link JobContext} of one run.
 *
 * @param jobId the job id
 * @param task the task name
 * @param queue the queue
 * @param attempt 1-based attempt
 * @param maxRetries retries allowed
 * @param headers user headers
 * @param createdAt creation time
 * @param workerId the worker
 */
public record RunContext(
    JobId jobId,
    String task,
    String queue,
    int attempt,
    int maxRetries,
    Map<String, String> headers,
    Instant createdAt,
    String workerId)
    implements JobContext {}
