package dev.docket;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Wraps what happens to a job: its handler run on a worker, the outcome of that run, and its
 * enqueue. Metrics, logging context (MDC) and tracing hook in here; no module reaches into the
 * runtime for them.
 *
 * <p>Register interceptors with {@link Docket.Builder#interceptor} (they wrap every enqueue of
 * that client and every run of its workers) or {@link Worker.Builder#interceptor} (that worker's
 * runs only). Several apply in registration order, client ones first: the first registered is the
 * outermost, so it sees the others' work inside its {@link #intercept}. Every method has a
 * default that does nothing, so an interceptor overrides only what it needs.
 *
 * <p>With none registered (and {@linkplain Worker.Builder#mdc MDC} off) the runtime does not
 * touch this seam beyond one branch per job: no allocation, no clock read.
 *
 * <p>Implementations must be thread-safe: many jobs run at once. An exception thrown by {@link
 * #onOutcome} or {@link #onEnqueue} is logged and ignored; one thrown by {@link #intercept} is the
 * handler's outcome (a failed attempt), exactly as if the handler had thrown it.
 *
 * @since 0.3
 */
public interface JobInterceptor {

  /**
   * Runs around one handler run, on the thread that runs the handler, after the job was decoded,
   * admitted (idempotency, locks, limits) and its {@link JobEvent.Started} emitted. Call {@code
   * proceed} exactly once and return what it returns, or rethrow what it throws: the result or
   * exception is the handler's outcome. A handler past its timeout is interrupted; its late
   * result is discarded, but this method still returns on the handler's thread when it ends.
   *
   * @param job the job and this attempt
   * @param proceed the rest of the chain, ending in the handler
   * @return the handler's result
   * @throws Exception what the handler (or an inner interceptor) threw
   */
  default @Nullable Object intercept(JobInvocation job, Proceed proceed) throws Exception {
    return proceed.proceed();
  }

  /**
   * Called once per run that reached {@link #intercept}, after the job was settled (acked,
   * released for a retry or dead-lettered), on the thread that processed the job. Runs that
   * never reached the handler (undecodable, unknown task, deferred by a lock or limit, replayed
   * from an idempotency key) have no outcome here; their {@link JobEvent}s report them.
   *
   * @param job the job and this attempt
   * @param outcome how the run ended and how long the handler took
   */
  default void onOutcome(JobInvocation job, JobOutcome outcome) {}

  /**
   * Called on the producer's thread before a job is published, for interceptors registered on
   * the client. Returns headers to add to the job (for instance a trace context); the handler
   * sees them in {@link JobContext#headers()}. Headers the caller gave win over returned ones of
   * the same name; an earlier interceptor's win over a later one's.
   *
   * @param job the job about to be published
   * @return headers to add; empty for none
   */
  default Map<String, String> onEnqueue(EnqueueInvocation job) {
    return Map.of();
  }

  /** The rest of an interceptor chain. */
  @FunctionalInterface
  interface Proceed {
    /**
     * Runs the next interceptor, or the handler after the last one.
     *
     * @return the handler's result
     * @throws Exception what the handler or an inner interceptor threw
     */
    @Nullable Object proceed() throws Exception;
  }
}
