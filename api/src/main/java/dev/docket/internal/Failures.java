package dev.docket.internal;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/** Builds {@link JobFailure}s. */
public final class Failures {
  /** Stack traces are cut to this many characters so one dead letter stays small. */
  public static final int MAX_STACK_TRACE_CHARS = 16_384;

  private Failures() {}

  /** A failure caused by an exception. */
  public static JobFailure of(FailureReason reason, Throwable error, int attempts, Instant at,
      String workerId) {
    StringWriter sw = new StringWriter();
    error.printStackTrace(new PrintWriter(sw));
    String trace = sw.toString();
    if (trace.length() > MAX_STACK_TRACE_CHARS) {
      trace = trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t... (cut)";
    }
    String message = error.getMessage() == null ? error.getClass().getSimpleName()
        : error.getMessage();
    return new JobFailure(reason, error.getClass().getName(), message, trace, attempts, at,
        workerId);
  }

  /** A failure without an exception. */
  public static JobFailure of(FailureReason reason, String message, int attempts, Instant at,
      String workerId) {
    return new JobFailure(reason, "", message, "", attempts, at, workerId);
  }
}
