package dev.docket.internal;

import dev.docket.JobEvent;
import dev.docket.JobInterceptor;
import dev.docket.JobListener;
import dev.docket.JobOutcome;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A worker's {@link JobInterceptor} chain: the built-in {@link MdcInterceptor} (unless turned
 * off) then the client's interceptors then the worker's, in registration order.
 *
 * <p>Three seams in {@link JobProcessor} use it: {@link #open} around the processing of one
 * delivery (the MDC for Docket's own log lines, and the run's outcome when it closes), {@link
 * #wrap} around the handler call (on the handler's thread), and {@link #listen}, which adds the
 * listener that learns each run's outcome from the settlement's events.
 *
 * <p>Cost when empty (no interceptor, MDC off): {@link #open} returns a shared no-op scope,
 * {@link #wrap} returns the call it was given and {@link #listen} the listeners it was given: one
 * branch per job, no allocation, no clock read. Thread-safe.
 */
public final class Interceptors {

  /** No interceptors and no MDC. */
  public static final Interceptors NONE = new Interceptors(List.of(), false, Clock.systemUTC());

  private final JobInterceptor[] chain;
  /** The user's interceptors, which get outcomes (the MDC one has none to take). */
  private final JobInterceptor[] outcomes;
  private final boolean mdc;
  private final Clock clock;
  /** Open scopes by job id, for the outcome listener; used only when outcomes is not empty. */
  private final Map<String, RunScope> open = new ConcurrentHashMap<>();
  /**
   * The scope the current thread processes. A settlement's events come from that thread (or a
   * timeout thread), and a released job can be delivered again, and open a second scope under
   * the same id, before the first thread emits its {@code Retried}: the id alone would hand that
   * event to the wrong run. Static, as ThreadLocals should be: a scope knows its owner.
   */
  private static final ThreadLocal<@Nullable RunScope> CURRENT = new ThreadLocal<>();
  private final JobListener relay = this::onEvent;

  private Interceptors(List<JobInterceptor> interceptors, boolean mdc, Clock clock) {
    this.outcomes = interceptors.toArray(JobInterceptor[]::new);
    List<JobInterceptor> all = new ArrayList<>();
    if (mdc) {
      all.add(MdcInterceptor.INSTANCE);
    }
    all.addAll(interceptors);
    this.chain = all.toArray(JobInterceptor[]::new);
    this.mdc = mdc;
    this.clock = clock;
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

  /** {@code listeners} plus the outcome listener, when some interceptor takes outcomes. */
  public Listeners listen(Listeners listeners) {
    return outcomes.length == 0 ? listeners : listeners.with(relay);
  }

  /**
   * Opens the processing of {@code d} on this thread; close it (on this thread) once the job is
   * settled or handed back. Puts the MDC keys for Docket's own log lines (the attempt is the
   * delivery count until the handler runs), and reports the run's outcome at close.
   */
  public Scope open(Delivery d) {
    if (chain.length == 0) {
      return Scope.NONE;
    }
    @Nullable MdcFrame frame = mdc ? MdcFrame.push(d.id(), d.headers().getOrDefault(Headers.TASK,
        "?"), d.queue(), d.deliveryCount()) : null;
    if (outcomes.length == 0) {
      return frame == null ? Scope.NONE : frame::restore;
    }
    RunScope scope = new RunScope(this, d.id(), frame);
    open.put(d.id(), scope);
    CURRENT.set(scope);
    return scope;
  }

  /**
   * The handler call of one run wrapped in the chain; {@code call} itself when the chain is
   * empty. The wrapped call runs on the handler's thread.
   */
  HandlerRun.Call wrap(RunContext ctx, Delivery d, @Nullable Instant eta, HandlerRun.Call call) {
    if (chain.length == 0) {
      return call;
    }
    @Nullable RunScope scope = outcomes.length == 0 ? null : open.get(d.id());
    Instant dueAt = eta != null ? eta : ctx.createdAt();
    return () -> {
      Invocation inv = new Invocation(ctx, dueAt, d.enqueuedAt(), clock.instant());
      if (scope != null) {
        scope.started(inv);
      }
      try {
        return proceed(0, inv, call);
      } finally {
        if (scope != null) {
          scope.ended(clock.instant());
        }
      }
    };
  }

  private @Nullable Object proceed(int i, Invocation inv, HandlerRun.Call call) throws Exception {
    if (i == chain.length) {
      return call.call();
    }
    return chain[i].intercept(inv, () -> proceed(i + 1, inv, call));
  }

  /** Records what the settlement did in the scope of the job's run. */
  private void onEvent(JobEvent e) {
    String id = e.jobId().value();
    @Nullable RunScope mine = CURRENT.get();
    // This thread's own run first; the map only for a timeout thread settling someone else's.
    RunScope scope = mine != null && mine.owner() == this && mine.jobId().equals(id) ? mine
        : open.get(id);
    if (scope == null) {
      return;
    }
    switch (e) {
      case JobEvent.Succeeded s -> scope.settled(JobOutcome.Kind.SUCCESS, null);
      case JobEvent.Failed f -> scope.settled(null, f.error());
      case JobEvent.Retried r -> scope.settled(JobOutcome.Kind.RETRY, null);
      case JobEvent.DeadLettered d -> scope.settled(JobOutcome.Kind.DEAD, null);
      default -> { }
    }
  }

  /** Called by a closing scope: forgets it and hands its outcome to the interceptors. */
  void closed(RunScope scope, String jobId, @Nullable Invocation inv,
      JobOutcome.@Nullable Kind kind, @Nullable Throwable error, @Nullable Instant ended) {
    open.remove(jobId, scope);
    if (CURRENT.get() == scope) {
      CURRENT.remove();
    }
    if (inv == null) {
      // The handler never ran: its job was dead-lettered, deferred or skipped before it.
      return;
    }
    Instant end = ended != null ? ended : clock.instant();
    JobOutcome outcome = new JobOutcome(kind != null ? kind : JobOutcome.Kind.FAILURE,
        java.time.Duration.between(inv.startedAt(), end),
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

    @Override
    void close();
  }
}
