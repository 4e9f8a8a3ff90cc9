package dev.docket.internal;

import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobFailure;
import dev.docket.JobId;
import dev.docket.JobSerializationException;
import dev.docket.JobTimeoutException;
import dev.docket.RetryLaterException;
import dev.docket.RetryPolicy;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
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

  private final Broker broker;
  private final EnvelopeCodec codec;
  private final Listeners listeners;
  private final Clock clock;
  private final Map<String, RegisteredTask> tasks;
  /** One reader per task, built once: finding the deserializer per job costs more than reading. */
  private final Map<String, ObjectReader> argReaders;
  private final RetryPolicy defaultPolicy;
  private final String workerId;
  private final RandomGenerator random;
  private final WorkflowHooks workflows;
  private final @Nullable Coordinator coordinator;

  /** A processor for one worker, without workflow support. */
  public JobProcessor(Broker broker, EnvelopeCodec codec, Listeners listeners, Clock clock,
      Map<String, RegisteredTask> tasks, RetryPolicy defaultPolicy, String workerId,
      RandomGenerator random) {
    this(broker, codec, listeners, clock, tasks, defaultPolicy, workerId, random, null,
        WorkflowHooks.NONE);
  }

  /**
   * A processor whose coordinated tasks (idempotency, singleton, concurrency and rate limits)
   * pass {@code coordinator}'s gate before they run, and that continues workflows through {@code
   * workflows}.
   */
  public JobProcessor(Broker broker, EnvelopeCodec codec, Listeners listeners, Clock clock,
      Map<String, RegisteredTask> tasks, RetryPolicy defaultPolicy, String workerId,
      RandomGenerator random, @Nullable Coordinator coordinator, WorkflowHooks workflows) {
    this.workflows = workflows;
    this.broker = broker;
    this.codec = codec;
    this.listeners = listeners;
    this.clock = clock;
    this.tasks = Map.copyOf(tasks);
    Map<String, ObjectReader> readers = new HashMap<>();
    tasks.forEach((name, t) -> readers.put(name, codec.mapper().readerFor(
        t.argJavaType(codec.mapper()))));
    this.argReaders = Map.copyOf(readers);
    this.defaultPolicy = defaultPolicy;
    this.workerId = workerId;
    this.random = random;
    this.coordinator = coordinator;
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
   */
  public void process(InFlight flight, @Nullable ScheduledExecutorService watchdog) {
    Delivery d = flight.delivery();
    String headerTask = d.headers().getOrDefault(Headers.TASK, "?");
    Envelope env;
    try {
      env = codec.decode(d.body());
    } catch (JobSerializationException e) {
      deadLetter(flight, headerTask, Failures.of(FailureReason.UNDECODABLE,
          new JobSerializationException("job " + d.id() + " in queue '" + d.queue()
              + "' could not be decoded: " + e.getMessage(), e), d.deliveryCount(),
          clock.instant(), workerId));
      return;
    }
    RegisteredTask task = tasks.get(env.task());
    RetryPolicy policy = task == null ? defaultPolicy : task.type().retryPolicy();
    int attempt = d.deliveryCount();
    Coordinator coord = coordinated(task);
    if (coord != null) {
      flight.markCoordinated();
      // A gate that handed the job back (lock, permit or rate limit busy) used a delivery but not
      // an attempt: the store counts those deferrals per job id, and they do not count here.
      attempt = Math.max(1, attempt - coord.records().deferrals(d.id()));
    }
    if (attempt > policy.maxRetries() + 1) {
      deadLetter(flight, env, Failures.of(FailureReason.DELIVERY_LIMIT, "job " + d.id()
          + " was delivered " + attempt + " times, more than the " + (policy.maxRetries() + 1)
          + " attempts allowed; its earlier leases expired without an ack (a worker crashed,"
          + " was killed, or hung)", attempt, clock.instant(), workerId));
      return;
    }
    if (task == null) {
      deadLetter(flight, env, Failures.of(FailureReason.UNKNOWN_TASK, "no handler for task '"
          + env.task() + "' on worker " + workerId + "; it knows " + tasks.keySet()
          + ". Register the task on a worker of queue '" + d.queue() + "', then replay the job"
          + " from the dead-letter queue", attempt, clock.instant(), workerId));
      return;
    }
    Object args;
    try {
      args = env.args().read(codec.mapper(), Objects.requireNonNull(argReaders.get(env.task())));
    } catch (JacksonException e) {
      deadLetter(flight, env, Failures.of(FailureReason.UNDECODABLE,
          new JobSerializationException("arguments of job " + d.id() + " do not fit "
              + task.type().argType().getName() + " of task '" + env.task() + "': "
              + e.getOriginalMessage(), e), attempt, clock.instant(), workerId));
      return;
    }
    if (coord == null) {
      run(flight, env, task, policy, args, attempt, null, clock.instant(), watchdog);
      return;
    }
    Instant now = clock.instant();
    Coordinator.Gate gate;
    try {
      gate = coord.enter(flight, task.type(), args, now);
    } catch (RuntimeException e) {
      // The store is unreachable or a key function threw: an ordinary failed attempt.
      fail(flight, env, policy, attempt, Duration.ZERO, e);
      return;
    }
    JobId id = JobId.of(d.id());
    switch (gate) {
      case Coordinator.Gate.Proceed p ->
          run(flight, env, task, policy, args, attempt, p, now, watchdog);
      case Coordinator.Gate.Defer defer -> defer(flight, env, coord, defer);
      case Coordinator.Gate.Skip skip -> {
        LOG.info("Job {} of task '{}' skipped: {}", d.id(), env.task(), skip.why());
        listeners.emit(new JobEvent.Started(id, env.task(), d.queue(), now, attempt, workerId));
        succeed(flight, env, policy, attempt, Duration.ZERO, null);
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
        listeners.emit(new JobEvent.Started(id, env.task(), d.queue(), now, attempt, workerId));
        succeed(flight, env, policy, attempt, Duration.ZERO, result);
      }
    }
  }

  private @Nullable Coordinator coordinated(@Nullable RegisteredTask task) {
    return task != null && task.type().needsStore() ? coordinator : null;
  }

  private void defer(InFlight flight, Envelope env, Coordinator coord,
      Coordinator.Gate.Defer defer) {
    Delivery d = flight.delivery();
    if (!flight.claimSettlement()) {
      return;
    }
    // Counted before the release: if the release is lost, the job comes back after its lease
    // with this deferral counted, which at worst grants it one extra attempt.
    coord.recordDeferral(d.id());
    if (!broker.release(d, defer.delay())) {
      LOG.warn("Job {} was deferred but its lease was lost; the broker will redeliver it",
          d.id());
    }
    LOG.debug("Job {} of task '{}' deferred by {}: {}", d.id(), env.task(), defer.delay(),
        defer.why());
  }

  private void run(InFlight flight, Envelope env, RegisteredTask task, RetryPolicy policy,
      Object args, int attempt, Coordinator.Gate.@Nullable Proceed gate, Instant startedAt,
      @Nullable ScheduledExecutorService watchdog) {
    Delivery d = flight.delivery();
    JobId id = JobId.of(d.id());
    RunContext ctx = new RunContext(id, env.task(), d.queue(), attempt, policy.maxRetries(),
        env.headers(), env.createdAt(), workerId);
    // A coordinated job starts at the instant its gate admitted it (rate limits count by it).
    listeners.emit(new JobEvent.Started(id, env.task(), d.queue(), startedAt, attempt,
        workerId));
    if (env.workflow() != null) {
      Optional<JsonNode> prior;
      try {
        prior = workflows.priorResult(env);
      } catch (RuntimeException e) {
        if (gate != null && coordinator != null) {
          coordinator.exit(gate, false, null);
        }
        fail(flight, env, policy, attempt, Duration.ZERO, e);
        return;
      }
      if (prior.isPresent()) {
        // An earlier run finished the work but crashed before its ack: redo only what follows.
        LOG.info("Job {} of workflow {} already has a result; not running it again",
            d.id(), env.workflow().id());
        if (gate != null && coordinator != null) {
          coordinator.exit(gate, true, prior.get());
        }
        succeed(flight, env, policy, attempt, Duration.ZERO, prior.get());
        return;
      }
    }
    Body body = new Body(task, args, ctx);
    Duration timeout = task.type().timeout();
    long startNanos = System.nanoTime();
    Runnable onTimeout = () -> timedOut(flight, env, policy, attempt, gate, timeout);
    Finish finish = watchdog == null ? body.runOnOwnThread(d.id(), timeout, onTimeout)
        : body.runHere(watchdog, timeout, onTimeout);
    if (finish == Finish.TIMED_OUT) {
      return;
    }
    if (finish == Finish.INTERRUPTED || flight.isSettled()) {
      // Shutdown handed the job back while it ran and interrupted it: leave it to the broker.
      if (gate != null && coordinator != null) {
        coordinator.exit(gate, false, null);
      }
      return;
    }
    Duration runtime = Duration.ofNanos(System.nanoTime() - startNanos);
    Throwable failure = body.error;
    if (gate != null && coordinator != null) {
      // Before the ack: a job that follows on this lock, permit or key finds it free.
      coordinator.exit(gate, failure == null, body.result);
    }
    if (failure == null) {
      succeed(flight, env, policy, attempt, runtime, body.result);
    } else {
      fail(flight, env, policy, attempt, runtime, failure);
    }
  }

  /** Settles a job whose handler ran past its timeout; its late outcome is discarded. */
  private void timedOut(InFlight flight, Envelope env, RetryPolicy policy, int attempt,
      Coordinator.Gate.@Nullable Proceed gate, Duration timeout) {
    if (gate != null && coordinator != null) {
      coordinator.exit(gate, false, null);
    }
    if (flight.isSettled()) {
      return;
    }
    fail(flight, env, policy, attempt, timeout, new JobTimeoutException(env.task(), timeout));
  }

  /** How a handler run ended. */
  private enum Finish {
    /** The body returned or threw: its outcome counts. */
    BODY,
    /** The timeout came first: the job is settled as timed out. */
    TIMED_OUT,
    /** The waiting thread was interrupted: the job was handed back. */
    INTERRUPTED
  }

  /**
   * One run of a handler and its outcome. Either the body finishes first and its outcome counts,
   * or the timeout comes first: the body is interrupted, the job settled as timed out, and
   * whatever the body does later is discarded. {@link #decided} picks exactly one of the two.
   */
  private static final class Body implements Runnable {
    private final RegisteredTask task;
    private final Object args;
    private final RunContext ctx;
    private final AtomicBoolean decided = new AtomicBoolean();
    private final CountDownLatch timeoutSettled = new CountDownLatch(1);
    private @Nullable Object result;
    private @Nullable Throwable error;

    Body(RegisteredTask task, Object args, RunContext ctx) {
      this.task = task;
      this.args = args;
      this.ctx = ctx;
    }

    @Override
    public void run() {
      try {
        result = task.handler().handle(args, ctx);
      } catch (Throwable t) {
        error = t;
      }
    }

    /**
     * Runs the body on this thread; {@code watchdog} fires {@code onTimeout} on a fresh virtual
     * thread if the body is still running at {@code timeout}. A body that heeds the interrupt
     * returns here, and this thread waits for that settlement so the worker's slot frees after it.
     */
    Finish runHere(ScheduledExecutorService watchdog, Duration timeout, Runnable onTimeout) {
      Thread self = Thread.currentThread();
      @Nullable ScheduledFuture<?> alarm;
      try {
        alarm = watchdog.schedule(() -> {
          if (decided.compareAndSet(false, true)) {
            self.interrupt();
            Thread.ofVirtual().name("docket-timeout").start(() -> {
              try {
                settleQuietly(onTimeout);
              } finally {
                timeoutSettled.countDown();
              }
            });
          }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // The worker shut down after this job started; shutdown hands it back and interrupts it.
        alarm = null;
      }
      run();
      if (!decided.compareAndSet(false, true)) {
        // The watchdog's interrupt may still be pending; it was meant for the body.
        boolean interrupted = Thread.interrupted();
        try {
          timeoutSettled.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return Finish.TIMED_OUT;
      }
      if (alarm != null) {
        alarm.cancel(false);
      }
      return Finish.BODY;
    }

    /**
     * Runs the body on a virtual thread and waits up to {@code timeout}; past it, interrupts the
     * body and runs {@code onTimeout} here.
     */
    Finish runOnOwnThread(String jobId, Duration timeout, Runnable onTimeout) {
      Thread body = Thread.ofVirtual().name("docket-job-" + jobId).unstarted(this);
      body.start();
      try {
        if (body.join(timeout)) {
          return Finish.BODY;
        }
      } catch (InterruptedException e) {
        body.interrupt();
        Thread.currentThread().interrupt();
        return Finish.INTERRUPTED;
      }
      // The body may ignore the interrupt; its late outcome is discarded either way.
      body.interrupt();
      onTimeout.run();
      return Finish.TIMED_OUT;
    }

    private static void settleQuietly(Runnable settle) {
      try {
        settle.run();
      } catch (RuntimeException e) {
        LOG.error("A timed-out job could not be settled; it will be redelivered after its lease",
            e);
      }
    }
  }

  private void succeed(InFlight flight, Envelope env, RetryPolicy policy, int attempt,
      Duration runtime, @Nullable Object result) {
    Delivery d = flight.delivery();
    if (env.workflow() != null && !flight.isSettled()) {
      // Continue the workflow before the ack: a crash in between re-runs this job, never loses
      // the continuation.
      try {
        JsonNode tree = result instanceof JsonNode n ? n : codec.mapper().valueToTree(result);
        workflows.onSuccess(env, tree);
      } catch (RuntimeException e) {
        fail(flight, env, policy, attempt, runtime, new IllegalStateException("job " + d.id()
            + " succeeded but workflow " + env.workflow().id() + " could not be continued: "
            + e.getMessage(), e));
        return;
      }
    }
    if (!flight.claimSettlement()) {
      return;
    }
    if (!broker.ack(d)) {
      LOG.warn("Job {} of task '{}' finished but its lease was lost before the ack; another"
          + " worker may run it again (at-least-once)", d.id(), env.task());
    }
    forgetDeferrals(flight);
    listeners.emit(new JobEvent.Succeeded(JobId.of(d.id()), env.task(), d.queue(),
        clock.instant(), attempt, runtime, result));
  }

  private void fail(InFlight flight, Envelope env, RetryPolicy policy, int attempt,
      Duration runtime, Throwable error) {
    Delivery d = flight.delivery();
    JobId id = JobId.of(d.id());
    listeners.emit(new JobEvent.Failed(id, env.task(), d.queue(), clock.instant(), attempt,
        runtime, error));
    if (policy.isNonRetryable(error)) {
      deadLetter(flight, env,
          Failures.of(FailureReason.NON_RETRYABLE, error, attempt, clock.instant(), workerId));
      return;
    }
    if (attempt > policy.maxRetries()) {
      deadLetter(flight, env,
          Failures.of(FailureReason.RETRIES_EXHAUSTED, error, attempt, clock.instant(), workerId));
      return;
    }
    Duration delay = error instanceof RetryLaterException later ? later.delay()
        : policy.backoff(attempt, random);
    if (!flight.claimSettlement()) {
      return;
    }
    if (!broker.release(d, delay)) {
      LOG.warn("Job {} failed but its lease was lost before the retry was scheduled; the broker"
          + " will redeliver it", d.id());
    }
    LOG.debug("Job {} of task '{}' failed on attempt {}; retry in {}", d.id(), env.task(),
        attempt, delay, error);
    listeners.emit(new JobEvent.Retried(id, env.task(), d.queue(), clock.instant(), attempt,
        delay));
  }

  private void deadLetter(InFlight flight, Envelope env, JobFailure failure) {
    deadLetter(flight, env.task(), failure, env);
  }

  private void deadLetter(InFlight flight, String task, JobFailure failure) {
    deadLetter(flight, task, failure, null);
  }

  private void deadLetter(InFlight flight, String task, JobFailure failure,
      @Nullable Envelope env) {
    Delivery d = flight.delivery();
    if (!flight.claimSettlement()) {
      return;
    }
    if (env != null && env.workflow() != null) {
      try {
        workflows.onDeadLetter(env, d.id(), failure);
      } catch (RuntimeException e) {
        LOG.error("Job {} of workflow {} is dead-lettered but the workflow could not be marked"
            + " failed; its error task may not run", d.id(), env.workflow().id(), e);
      }
    }
    if (!broker.deadLetter(d, failure)) {
      LOG.warn("Job {} could not be dead-lettered because its lease was lost; the broker will"
          + " redeliver it", d.id());
      return;
    }
    LOG.warn("Job {} of task '{}' in queue '{}' was dead-lettered ({}): {}", d.id(), task,
        d.queue(), failure.reason(), failure.message());
    // A replay restarts the delivery count, so the deferrals must restart too.
    forgetDeferrals(flight);
    listeners.emit(new JobEvent.DeadLettered(JobId.of(d.id()), task, d.queue(), clock.instant(),
        failure));
  }

  private void forgetDeferrals(InFlight flight) {
    if (!flight.coordinated() || coordinator == null) {
      return;
    }
    try {
      coordinator.records().clearDeferrals(flight.delivery().id());
    } catch (RuntimeException e) {
      LOG.debug("Could not clear the deferral count of job {}; it expires on its own",
          flight.delivery().id(), e);
    }
  }
}
