package dev.docket.internal;

import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The built-in interceptor that puts the {@link dev.docket.JobMdc} keys into the MDC of the
 * handler's thread for the run, outermost in the chain so other interceptors log with them too.
 * Docket's own lines about the job (settlement, retries, dead letters) get the same keys from the
 * processing scope ({@link Interceptors#open}), which covers the thread that settles the job.
 */
final class MdcInterceptor implements JobInterceptor {
  static final MdcInterceptor INSTANCE = new MdcInterceptor();

  private MdcInterceptor() {}

  @Override
  public @Nullable Object intercept(JobInvocation job, Proceed proceed) throws Exception {
    if (MdcFrame.holds(job.jobId().value(), job.task(), job.queue(), job.attempt())) {
      // The processing scope on this thread already put these very values: pushing them again
      // would cost eight MDC writes and two allocations per job for nothing (issue 13 overhead).
      return proceed.proceed();
    }
    MdcFrame frame = MdcFrame.push(job.jobId().value(), job.task(), job.queue(), job.attempt());
    try {
      return proceed.proceed();
    } finally {
      frame.restore();
    }
  }

  @Override
  public String toString() {
    return "MdcInterceptor";
  }
}
