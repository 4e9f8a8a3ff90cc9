package dev.docket;

import java.time.Instant;

/**
 * One attempt of a job as a {@link JobInterceptor} sees it: the handler's {@link JobContext} plus
 * the times around it. One instance per run; safe to read from any thread.
 *
 * @since 0.3
 */
public interface JobInvocation extends JobContext {

  /**
   * When the job was due: its eta when it was enqueued with a delay or an eta, else its creation
   * time (client clock). Retries and dead-letter replays keep the job's first due time: the
   * broker does not record when a released job became due again.
   */
  Instant dueAt();

  /** When the broker first stored the message (broker time). */
  Instant enqueuedAt();

  /** When this run started (the worker's clock), just before the first interceptor. */
  Instant startedAt();
}
