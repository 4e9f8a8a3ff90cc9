package dev.docket.internal;

import dev.docket.JobOutcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing of one delivery when interceptors take outcomes: collects the run's start and
 * end (from the handler's thread) and how the settlement ended it (from the thread that settled
 * it, which is a timeout thread for a timed-out run), and reports the outcome when the processing
 * thread closes it. It is also the wrapped handler call ({@link Interceptors#wrap}), so a run
 * costs one object here rather than a scope and a closure. Outcome fields are volatile: three
 * threads may touch one scope. The call's fields are set by {@link #arm} before the handler's
 * thread starts (or on that very thread), which publishes them.
 */
final class RunScope implements Interceptors.Scope, HandlerRun.Call {
  static final Logger LOG = LoggerFactory.getLogger(Interceptors.class);

  private final Interceptors owner;
  private final String jobId;
  private final @Nullable MdcFrame frame;
  private @Nullable RunContext context;
  private @Nullable Instant dueAt;
  private @Nullable Instant enqueuedAt;
  private HandlerRun.@Nullable Call body;
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

  /** The handler call this scope runs through the chain, and the run's times. */
  void arm(RunContext ctx, Instant due, Instant enqueued, HandlerRun.Call call) {
    this.context = ctx;
    this.dueAt = due;
    this.enqueuedAt = enqueued;
    this.body = call;
  }

  /** The wrapped call: the chain around the handler, timed by the worker's clock. */
  @Override
  public @Nullable Object call() throws Exception {
    RunContext ctx = context;
    Instant due = dueAt;
    Instant enqueued = enqueuedAt;
    HandlerRun.Call call = body;
    if (ctx == null || due == null || enqueued == null || call == null) {
      throw new IllegalStateException("the run of job " + jobId + " was not armed");
    }
    Invocation inv = new Invocation(ctx, due, enqueued, owner.now());
    invocation = inv;
    try {
      return owner.proceed(owner.start(frame, ctx), inv, call);
    } finally {
      ended = owner.now();
    }
  }

  @Override
  public void settled(JobOutcome.@Nullable Kind k, @Nullable Throwable e) {
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
      owner.closed(jobId, invocation, kind, error, ended);
    } finally {
      if (frame != null) {
        frame.restore();
      }
    }
  }
}
