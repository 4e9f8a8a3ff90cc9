package dev.docket.internal;

import dev.docket.JobOutcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing of one delivery when interceptors take outcomes: collects the run's start and
 * end (from the handler's thread) and how the settlement ended it (from the events, on the thread
 * that settled it, which is a timeout thread for a timed-out run), and reports the outcome when
 * the processing thread closes it. Fields are volatile: three threads may touch one scope.
 */
final class RunScope implements Interceptors.Scope {
  static final Logger LOG = LoggerFactory.getLogger(Interceptors.class);

  private final Interceptors owner;
  private final String jobId;
  private final @Nullable MdcFrame frame;
  private volatile @Nullable Invocation invocation;
  private volatile @Nullable Instant ended;
  private volatile JobOutcome.@Nullable Kind kind;
  private volatile @Nullable Throwable error;

  RunScope(Interceptors owner, String jobId, @Nullable MdcFrame frame) {
    this.owner = owner;
    this.jobId = jobId;
    this.frame = frame;
  }

  Interceptors owner() {
    return owner;
  }

  String jobId() {
    return jobId;
  }

  void started(Invocation inv) {
    invocation = inv;
  }

  void ended(Instant at) {
    ended = at;
  }

  /** A settlement event: its kind (null for the failure that precedes a retry or dead letter). */
  void settled(JobOutcome.@Nullable Kind k, @Nullable Throwable e) {
    if (k != null) {
      kind = k;
    }
    if (e != null) {
      error = e;
    }
  }

  @Override
  public void close() {
    try {
      // Outcomes first, with the MDC still set, so interceptors' log lines about it carry it.
      owner.closed(this, jobId, invocation, kind, error, ended);
    } finally {
      if (frame != null) {
        frame.restore();
      }
    }
  }
}
