package dev.docket.internal;

import dev.docket.JobContext;
import dev.docket.JobId;
import dev.docket.JobInvocation;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link JobInvocation} of one run: the handler's context plus its times.
 *
 * @param context the handler's context
 * @param dueAt the job's eta, or its creation time
 * @param enqueuedAt when the broker first stored it
 * @param startedAt when the run started
 */
record Invocation(JobContext context, Instant dueAt, Instant enqueuedAt, Instant startedAt)
    implements JobInvocation {

  @Override
  public JobId jobId() {
    return context.jobId();
  }

  @Override
  public String task() {
    return context.task();
  }

  @Override
  public String queue() {
    return context.queue();
  }

  @Override
  public int attempt() {
    return context.attempt();
  }

  @Override
  public int maxRetries() {
    return context.maxRetries();
  }

  @Override
  public Map<String, String> headers() {
    return context.headers();
  }

  @Override
  public Instant createdAt() {
    return context.createdAt();
  }

  @Override
  public String workerId() {
    return context.workerId();
  }
}
