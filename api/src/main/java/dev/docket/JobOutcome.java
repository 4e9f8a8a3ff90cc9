package dev.docket;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one handler run ended, as {@link JobInterceptor#onOutcome} reports it.
 *
 * @param kind success, retry, dead or failure
 * @param duration how long the handler ran (the worker's clock), from just before the first
 *     interceptor to the return of the chain; for a handler past its timeout that has not
 *     returned yet, until the outcome was reported
 * @param error what the handler threw (or the timeout), or {@code null} on success
 * @since 0.3
 */
public record JobOutcome(Kind kind, Duration duration, @Nullable Throwable error) {

  /** Validates. */
  public JobOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(duration, "duration");
  }

  /** The end of a run. */
  public enum Kind {
    /** The handler returned and the job was acked. */
    SUCCESS,
    /** The handler failed and the job was released to run again after a backoff. */
    RETRY,
    /** The handler failed for the last time (or non-retryably): the job is in the DLQ. */
    DEAD,
    /**
     * The run did not settle the job: its lease was lost, or shutdown handed it back while it
     * ran. The broker delivers it again; no retry was charged by this run.
     */
    FAILURE;

    /** The lower-case name, as used in metric tags: {@code success}, {@code retry}, ... */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
