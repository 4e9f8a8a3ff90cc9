package dev.docket.internal;

import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import dev.docket.JobOutcome;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A worker's {@link JobInterceptor} chain: the built-in {@link MdcInterceptor} (unless turned
 * off) then the client's interceptors then the worker's, in registration order.
 *
 * <p>Two seams in {@link JobProcessor} use it: {@link #open} around the processing of one
 * delivery (the MDC for Docket's own log lines, and the run's outcome when it closes), and {@link
 * #wrap} around the handler call (on the handler's thread). The settlement tells the open {@link
 * Scope} how it ended the run ({@link Scope#settled}); the processor carries the scope with the
 * run, so no registry of open runs (map or thread-local) is needed to find it, on the processing
 * thread or on a timeout thread.
 *
 * <p>Cost when empty (no interceptor, MDC off): {@link #open} returns a shared no-op scope and
 * {@link #wrap} returns the call it was given: one branch per job, no allocation, no clock read.
 * Thread-safe.
 */
public final class Interceptors {

  /** No interceptors and no MDC. */
  public static final Interceptors NONE = new Interceptors(List.of(), false, Clock.systemUTC());

  private final JobInterceptor[] chain;
  /**
   * The members of {@link #chain} that wrap the handler call: the MDC one first (when on), then
   * those whose class overrides {@link JobInterceptor#intercept}. One that keeps the default only
   * calls {@code proceed}, so it is left out of the call: no closure and no frame per run for it
   * ({@code DocketMetrics} takes only outcomes).
   */
  private final JobInterceptor[] around;
  /** The user's interceptors, which get outcomes (the MDC one has none to take). */
  private final JobInterceptor[] outcomes;
  private final boolean mdc;
  private final Clock clock;

  private Interceptors(List<JobInterceptor> interceptors, boolean mdc, Clock clock) {
    this.outcomes = interceptors.toArray(JobInterceptor[]::new);
    List<JobInterceptor> all = new ArrayList<>();
    if (mdc) {
      all.add(MdcInterceptor.INSTANCE);
    }
    all.addAll(interceptors);
    this.chain = all.toArray(JobInterceptor[]::new);
    this.around = all.stream().filter(i -> i == MdcInterceptor.INSTANCE || wraps(i))
        .toArray(JobInterceptor[]::new);
    this.mdc = mdc;
    this.clock = clock;
  }

  /** Whether {@code i}'s class overrides {@link JobInterceptor#intercept}; true if unknown. */
  private static boolean wraps(JobInterceptor i) {
    try {
      return i.getClass().getMethod("intercept", JobInvocation.class,
          JobInterceptor.Proceed.class).getDeclaringClass() != JobInterceptor.class;
    } catch (NoSuchMethodException | SecurityException e) {
      return true;
    }
  }

  /**
   * The chain of {@code interceptors} in order, after the MDC one when {@code mdc}; run times
   * come from {@code clock}.
   */
  public static Interceptors of(List<JobInterceptor> interceptors, boolean mdc, Clock clock) {
    if (interceptors.isEmpty() && !mdc) {
      return NONE;
    }
    return new Interceptors(List.copyOf(interceptors), mdc, clock);
  }

  /** Whether nothing is registered and MDC is off. */
  public boolean isEmpty() {
    return chain.length == 0;
  }

  /**
   * The listeners a worker with this chain emits to: {@code listeners} themselves. Outcomes no
   * longer come from a listener of the events (the settlement tells the run's {@link Scope}), so
   * an interceptor adds no listener call to any event.
   */
  public Listeners listen(Listeners listeners) {
    return listeners;
  }

  /**
   * Opens the processing of {@code d} on this thread; close it (on this thread) once the job is
   * settled or handed back. Puts the MDC keys for Docket's own log lines (the attempt is the
   * delivery count until the handler runs), and reports the run's outcome at close.
   */
  public Scope open(Delivery d) {
    return open(d, false);
  }

  /**
   * {@link #open(Delivery)}, on a thread that ends with the processing when {@code threadEnds}
   * (a worker's job thread): then the MDC keys are put without reading what they replace, and
   * left at close, since nothing runs on the thread after the job but the worker's own lines
   * about it. Elsewhere ({@code Worker.runDue} on the caller's thread) the MDC is restored.
   */
  public Scope open(Delivery d, boolean threadEnds) {
    if (chain.length == 0) {
      return Scope.NONE;
    }
    if (outcomes.length == 0) {
      // MDC only (the chain is not empty): the frame itself undoes its puts.
      return MdcFrame.push(d.id(), d.headers().getOrDefault(Headers.TASK, "?"), d.queue(),
          d.deliveryCount(), !threadEnds);
    }
    @Nullable MdcFrame frame = mdc ? MdcFrame.push(d.id(), d.headers().getOrDefault(Headers.TASK,
        "?"), d.queue(), d.deliveryCount(), !threadEnds) : null;
    return new RunScope(this, d.id(), frame);
  }

  /**
   * The handler call of one run wrapped in the chain; {@code call} itself when the chain is
   * empty. The wrapped call runs on the handler's thread. {@code scope} is what {@link #open}
   * returned for the run's delivery.
   */
  HandlerRun.Call wrap(Scope scope, RunContext ctx, Delivery d, @Nullable Instant eta,
      HandlerRun.Call call) {
    if (chain.length == 0) {
      return call;
    }
    Instant dueAt = eta != null ? eta : ctx.createdAt();
    if (scope instanceof RunScope run && run.owner() == this) {
      // The scope is the wrapped call: one object per run for its outcome and its chain.
      run.arm(ctx, dueAt, d.enqueuedAt(), call);
      return run;
    }
    if (scope instanceof MdcFrame frame && around.length == 1) {
      // MDC only: nothing to do around a handler that runs where the frame put its keys.
      return () -> frame.holdsHere(ctx.jobId().value(), ctx.task(), ctx.queue(), ctx.attempt())
          ? call.call()
          : proceed(0, new Invocation(ctx, dueAt, d.enqueuedAt(), clock.instant()), call);
    }
    return () -> proceed(0, new Invocation(ctx, dueAt, d.enqueuedAt(), clock.instant()), call);
  }

  /**
   * Where the chain starts for a run whose processing scope put {@code frame}: past the MDC
   * interceptor when the frame already holds the run's keys on this thread (the handler runs on
   * the processing thread, and the attempt is the delivery count), else at the start.
   */
  int start(@Nullable MdcFrame frame, RunContext ctx) {
    return mdc && frame != null
        && frame.holdsHere(ctx.jobId().value(), ctx.task(), ctx.queue(), ctx.attempt()) ? 1 : 0;
  }

  /** The worker's clock, for a run's start and end. */
  Instant now() {
    return clock.instant();
  }

  @Nullable Object proceed(int i, Invocation inv, HandlerRun.Call call) throws Exception {
    if (i == around.length) {
      return call.call();
    }
    return around[i].intercept(inv, () -> proceed(i + 1, inv, call));
  }

  /** Called by a closing scope: hands its outcome to the interceptors. */
  void closed(String jobId, @Nullable Invocation inv, JobOutcome.@Nullable Kind kind,
      @Nullable Throwable error, @Nullable Instant ended) {
    if (inv == null) {
      // The handler never ran: its job was dead-lettered, deferred or skipped before it.
      return;
    }
    Instant end = ended != null ? ended : clock.instant();
    JobOutcome outcome = new JobOutcome(kind != null ? kind : JobOutcome.Kind.FAILURE,
        Duration.between(inv.startedAt(), end),
        kind == JobOutcome.Kind.SUCCESS ? null : error);
    for (JobInterceptor i : outcomes) {
      try {
        i.onOutcome(inv, outcome);
      } catch (RuntimeException ex) {
        RunScope.LOG.warn("Job interceptor {} threw on the outcome of job {}; ignored", i,
            jobId, ex);
      }
    }
  }

  /** The processing of one delivery; {@link #close()} never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    /** Nothing to undo. */
    Scope NONE = () -> { };

    /**
     * The settlement ended this run (or took a step towards its end): {@code kind} is how
     * ({@code null} for the failure that precedes a retry or dead letter), {@code error} what
     * the handler threw, if known. Called on the thread that settles, which is a timeout thread
     * for a timed-out run. Does nothing unless an interceptor takes outcomes.
     */
    default void settled(JobOutcome.@Nullable Kind kind, @Nullable Throwable error) {}

    @Override
    void close();
  }
}
