package dev.docket;

/**
 * The SLF4J MDC keys Docket sets while it works on a job: in the handler's log lines, and in
 * Docket's own lines about the job (retries, dead letters, lost leases). The previous values of
 * these keys are restored when the job is done, on a thread that outlives it (a worker's own job
 * thread ends with the job, and keeps them to its end). On by default; {@link
 * Worker.Builder#mdc(boolean)} turns it off.
 *
 * @since 0.3
 */
public final class JobMdc {

  /** The job id: {@value}. */
  public static final String JOB_ID = "docket.jobId";

  /** The task name: {@value}. */
  public static final String TASK = "docket.task";

  /** The queue: {@value}. */
  public static final String QUEUE = "docket.queue";

  /** The attempt, 1-based: {@value}. */
  public static final String ATTEMPT = "docket.attempt";

  private JobMdc() {}
}
