package dev.docket;

import org.jspecify.annotations.Nullable;

/**
 * The body of a task. Called on a worker thread (a virtual thread by default) once per attempt;
 * under at-least-once delivery it may run more than once for one job, so it should be idempotent.
 * A return is success; an exception is a failure handled by the task's {@link RetryPolicy}.
 *
 * @param <A> argument type
 * @param <R> result type
 * @since 0.1
 */
@FunctionalInterface
public interface JobHandler<A, R> {
  /** Runs the job; the result may be {@code null} (always, for {@code Void} tasks). */
  @Nullable R handle(A args, JobContext context) throws Exception;
}
