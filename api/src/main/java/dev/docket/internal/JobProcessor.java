package dev.docket.internal;

import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobId;
import dev.docket.JobSerializationException;
import dev.docket.JobTimeoutException;
import dev.docket.RetryPolicy;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Runs one delivery to its end: decode, find the handler, run it under its timeout, then ack,
 * release with backoff, or dead-letter. Every path settles the delivery exactly once (or leaves it
 * to shutdown's hand-back); nothing is dropped. Thread-safe; called concurrently by worker threads,
 * or on the caller's thread by {@code Worker.runDue()}.
 */
public final class JobProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

  private final EnvelopeCodec codec;
  private final Listeners listeners;
  private final TimeSource clock;
  private final Map<String, RegisteredTask> tasks;
  /** One reader per task, built once: finding the deserializer per job costs more than reading. */
  private final Map<String, ObjectReader> argReaders;
  private final RetryPolicy defaultPolicy;
  private final String workerId;
  private final WorkflowHooks workflows;
  private final @Nullable Coordinator coordinator;
  private final StartLedger ledger;
  private final SoloGate solo = new SoloGate();
  private final Settlement settle;
  /** Handlers past their timeout whose threads have not returned. */
  private final AtomicInteger stuck = new AtomicInteger();
  /** Interceptors around each run. */
  private final Interceptors interceptors;

  /**
   * A processor for the worker of {@code spec}: its coordinated tasks (idempotency, singleton,
   * concurrency and rate limits) pass the spec's coordinator before they run, it continues
   * workflows, and it records the starts of redeliveries in the store (when there is one) so a
   * crash is charged only to the jobs that were running (see {@link StartLedger}).
   */
  public JobProcessor(WorkerSpec spec) {
    this.workflows = spec.core().workflows();
    this.codec = spec.codec();
    this.listeners = spec.listeners();
    this.clock = spec.time();
    this.tasks = spec.tasks();
    Map<String, ObjectReader> readers = new HashMap<>();
    tasks.forEach((name, t) -> readers.put(name, codec.mapper().readerFor(
        t.argJavaType(codec.mapper()))));
    this.argReaders = Map.copyOf(readers);
    this.defaultPolicy = spec.defaultPolicy();
    this.workerId = spec.workerId();
    this.coordinator = spec.coordinator();
    this.ledger = new StartLedger(spec.store());
    this.settle = new Settlement(spec);
    this.interceptors = spec.interceptors();
  }

  /** Handlers that ran past their timeout and ignored the interrupt: their threads still run. */
  public int stuckHandlers() {
    return stuck.get();
  }

  /**
   * Processes one delivery on the caller's thread, with the handler on a thread of its own so a
   * handler past its timeout cannot hold the caller. Returns when it is settled or handed back.
   */
  public void process(InFlight flight) {
    process(flight, null);
  }

  /**
   * Processes one delivery on a thread that belongs to it (a worker's job thread): the handler
   * runs right here, and {@code watchdog} interrupts it at its timeout and settles the job as
   * timed out. One thread per job instead of two: no hand-off and no join on the hot path.
   * Returns once the handler's thread is done, even when that is long after its timeout.
   */
  public void process(InFlight flight, @Nullable ClockScheduler watchdog) {
    // Interceptor seam (observability): the MDC and run outcomes around the whole processing.
    // With a watchdog this is the job's own thread, which ends with it: its MDC needs no restore.
    try (Interceptors.Scope scope = interceptors.open(flight.delivery(), watchdog != null)) {
      processInScope(flight, watchdog, scope);
    }
  }

  private void processInScope(InFlight flight, @Nullable ClockScheduler watchdog,
      Interceptors.Scope scope) {
    Delivery d = flight.delivery();
    Envelope env;
    try {
      env = codec.decode(d.body());
    } catch (JobSerializationException e) {
      // The header's task name is read only here, where the envelope's is not to be had.
      String headerTask = d.headers().getOrDefault(Headers.TASK, "?");
      settle.deadLetter(flight, headerTask, Failures.of(FailureReason.UNDECODABLE,
          new JobSerializationException("job " + d.id() + " in queue '" + d.queue()
              + "' could not be decoded: " + e.getMessage(), e), d.deliveryCount(),
          clock.instant(), workerId), null, scope);
      return;
    }
    if (DueCheck.await(env.eta(), clock, flight) instanceof DueCheck.Verdict.HandBack early) {
      settle.handBackEarly(flight, env, early.delay(), early.stopping());
      return;
    }
    RegisteredTask task = tasks.get(env.task());
    RetryPolicy policy = task == null ? defaultPolicy : task.type().retryPolicy();
    // Deliveries a migration brought over from another broker count as attempts too.
    int attempt = d.deliveryCount() + Headers.priorDeliveries(d.headers());
    Coordinator coord = coordinated(task);
    if (coord != null) {
      flight.markCoordinated();
      // A gate that handed the job back (lock, permit or rate limit busy) used a delivery but not
      // an attempt: the store counts those deferrals per job id, and they do not count here.
      attempt = Math.max(1, attempt - coord.records().deferrals(d.id()));
    }
    int crashes = ledger.crashes(d);
    if (crashes >= 0 ? StartLedger.exhausted(crashes, policy)
        : attempt > policy.maxRetries() + 1) {
      String why = crashes >= 0
          ? " crashed or hung its worker " + (crashes + 1) + " times (its first delivery"
              + " presumed), more than its " + policy.maxRetries() + " retries allow"
          : " was delivered " + attempt + " times, more than the " + (policy.maxRetries() + 1)
              + " attempts allowed; its earlier leases expired without an ack (a worker"
              + " crashed, was killed, or hung)";
      if (crashes >= 0) {
        ledger.forget(d.id());
      }
      settle.deadLetter(flight, env.task(), Failures.of(FailureReason.DELIVERY_LIMIT,
          "job " + d.id() + why, attempt, clock.instant(), workerId), env, scope);
      return;
    }
    SoloGate.Pass pass;
    try {
      // A job that crashed a worker before runs alone, so a crash now charges it only.
      pass = solo.enter(crashes >= 1);
    } catch (InterruptedException e) {
      // Shutdown handed the job back while it waited for its turn.
      Thread.currentThread().interrupt();
      return;
    }
    try {
      admit(new JobRun(flight, env, task, policy, attempt, coord, pass, watchdog,
          JobId.of(d.id()), scope));
    } finally {
      pass.close();
    }
  }

  private void admit(JobRun r) {
    InFlight flight = r.flight();
    Envelope env = r.env();
    Delivery d = flight.delivery();
    RegisteredTask task = r.task();
    if (task == null) {
      settle.deadLetter(flight, env.task(), Failures.of(FailureReason.UNKNOWN_TASK,
          "no handler for task '" + env.task() + "' on worker " + workerId + "; it knows "
          + tasks.keySet() + ". Register the task on a worker of queue '" + d.queue()
          + "', then replay the job from the dead-letter queue", r.attempt(), clock.instant(),
          workerId), env, r.scope());
      return;
    }
    Object args;
    try {
      args = env.args().read(codec.mapper(), Objects.requireNonNull(argReaders.get(env.task())));
    } catch (JacksonException e) {
      settle.deadLetter(flight, env.task(), Failures.of(FailureReason.UNDECODABLE,
          new JobSerializationException("arguments of job " + d.id() + " do not fit "
              + task.type().argType().getName() + " of task '" + env.task() + "': "
              + e.getOriginalMessage(), e), r.attempt(), clock.instant(), workerId), env,
          r.scope());
      return;
    }
    Coordinator coord = r.coordinator();
    if (coord == null) {
      run(r, args, null, clock.instant());
      return;
    }
    Instant now = clock.instant();
    Coordinator.Gate gate;
    try {
      gate = coord.enter(flight, task.type(), args, now);
    } catch (RuntimeException e) {
      // The store is unreachable or a key function threw: an ordinary failed attempt.
      settle.fail(r, Duration.ZERO, e);
      return;
    }
    switch (gate) {
      case Coordinator.Gate.Proceed p -> run(r, args, p, now);
      case Coordinator.Gate.Defer defer -> settle.defer(r, coord, defer);
      case Coordinator.Gate.Skip skip -> {
        LOG.info("Job {} of task '{}' skipped: {}", d.id(), env.task(), skip.why());
        finishWithoutRunning(r, now, null);
      }
      case Coordinator.Gate.Replay replay -> {
        Object result;
        try {
          result = codec.mapper().treeToValue(replay.result(), task.type().resultType());
        } catch (JacksonException e) {
          result = replay.result();
        }
        LOG.debug("Job {} of task '{}' replays the result of its idempotency key", d.id(),
            env.task());
        finishWithoutRunning(r, now, result);
      }
    }
  }

  /** A job its gate finished without its body (skipped, or replaying a result): a success. */
  private void finishWithoutRunning(JobRun r, Instant now, @Nullable Object result) {
    Delivery d = r.delivery();
    listeners.emit(new JobEvent.Started(r.id(), r.taskName(), d.queue(), now, r.attempt(),
        workerId));
    settle.succeed(r, Duration.ZERO, result);
  }

  private @Nullable Coordinator coordinated(@Nullable RegisteredTask task) {
    return task != null && task.type().needsStore() ? coordinator : null;
  }

  private void run(JobRun a, Object args, Coordinator.Gate.@Nullable Proceed gate,
      Instant startedAt) {
    ClockScheduler watchdog = a.watchdog();
    InFlight flight = a.flight();
    Envelope env = a.env();
    Delivery d = flight.delivery();
    JobId id = a.id();
    String taskName = a.taskName();
    RunContext ctx = new RunContext(id, taskName, d.queue(), a.attempt(),
        a.policy().maxRetries(), env.headers(), env.createdAt(), workerId);
    // A coordinated job starts at the instant its gate admitted it (rate limits count by it).
    listeners.emit(new JobEvent.Started(id, taskName, d.queue(), startedAt, a.attempt(),
        workerId));
    if (env.workflow() != null) {
      Optional<JsonNode> prior;
      try {
        prior = workflows.priorResult(env);
      } catch (RuntimeException e) {
        exit(flight, gate, false, null);
        settle.fail(a, Duration.ZERO, e);
        return;
      }
      if (prior.isPresent()) {
        // An earlier run finished the work but crashed before its ack: redo only what follows.
        LOG.info("Job {} of workflow {} already has a result; not running it again",
            d.id(), env.workflow().id());
        exit(flight, gate, true, prior.get());
        settle.succeed(a, Duration.ZERO, prior.get());
        return;
      }
    }
    RegisteredTask task = a.knownTask();
    HandlerRun body = new HandlerRun(interceptors.wrap(a.scope(), ctx, d, env.eta(), // seam
        () -> task.handler().handle(args, ctx)));
    Duration timeout = task.type().timeout();
    long startNanos = clock.nanoTime();
    StartLedger.Start start = ledger.begin(d);
    Runnable onTimeout = () -> timedOut(a, start, timeout);
    HandlerRun.Finish finish;
    try {
      finish = watchdog == null ? body.runOnOwnThread(d.id(), timeout, onTimeout)
          : body.runHere(watchdog, timeout, onTimeout, () -> stuck(a, timeout, body));
    } finally {
      // Before the ack: a worker that dies now has finished this run, so it is no crash.
      start.end();
    }
    if (finish == HandlerRun.Finish.TIMED_OUT) {
      // The lock, permit and idempotency claim stay held (and heartbeating) until the handler's
      // thread really ends: a handler that ignores the interrupt still runs, and a second run of
      // a singleton beside it is what the lock exists to prevent.
      var unused = body.ended().thenRun(() -> exit(flight, gate, false, null));
      return;
    }
    if (finish == HandlerRun.Finish.INTERRUPTED || flight.isSettled()) {
      // Shutdown handed the job back while it ran and interrupted it: leave it to the broker.
      exit(flight, gate, false, null);
      return;
    }
    Duration runtime = Duration.ofNanos(clock.nanoTime() - startNanos);
    Throwable failure = body.error();
    // Before the ack: a job that follows on this lock, permit or key finds it free.
    exit(flight, gate, failure == null, body.result());
    flight.bodyDone();
    if (failure == null) {
      settle.succeed(a, runtime, body.result());
    } else {
      settle.fail(a, runtime, failure);
    }
  }

  private void exit(InFlight flight, Coordinator.Gate.@Nullable Proceed gate, boolean success,
      @Nullable Object result) {
    if (gate != null && coordinator != null) {
      coordinator.exit(gate, success, result);
      flight.clearHeartbeats();
    }
  }

  /** Settles a job whose handler ran past its timeout; its late outcome is discarded. */
  private void timedOut(JobRun a, StartLedger.Start start, Duration timeout) {
    // The worker is alive and gives up on this attempt: a failure, not a crash; and a handler
    // that ignores the interrupt must not keep a suspect from running alone.
    start.end();
    a.pass().close();
    if (a.flight().isSettled()) {
      return;
    }
    settle.fail(a, timeout,
        new JobTimeoutException(a.env().task(), timeout));
  }

  /** A timed-out handler did not heed the interrupt: count it until its thread returns. */
  private void stuck(JobRun a, Duration timeout, HandlerRun body) {
    Delivery d = a.flight().delivery();
    int now = stuck.incrementAndGet();
    LOG.error("Job {} of task '{}': its handler ignored the interrupt at its timeout of {} and"
        + " still runs; its worker slot, locks and permits stay held until it returns ({} stuck"
        + " on worker {})", d.id(), a.env().task(), timeout, now, workerId);
    listeners.emit(new JobEvent.HandlerStuck(a.id(), a.taskName(), d.queue(),
        clock.instant(), a.attempt(), timeout, workerId));
    var unused = body.ended().thenRun(() -> {
      stuck.decrementAndGet();
      LOG.warn("Job {} of task '{}': its stuck handler returned at last", d.id(),
          a.env().task());
    });
  }
}
