package dev.docket.internal;

import dev.docket.JobEvent;
import dev.docket.JobFailure;
import dev.docket.JobId;
import dev.docket.JobOutcome;
import dev.docket.FailureReason;
import dev.docket.RetryLaterException;
import dev.docket.RetryPolicy;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ends of an attempt: ack, release with backoff, defer, or dead-letter, each claimed once per
 * delivery through {@link InFlight#claimSettlement()}, with its event. Split from {@link
 * JobProcessor}, which decides which end applies. Thread-safe.
 */
final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final Broker broker;
  private final JsonMapper mapper;
  private final Listeners listeners;
  private final TimeSource clock;
  private final String workerId;
  private final RandomGenerator random;
  private final WorkflowHooks workflows;
  private final @Nullable Coordinator coordinator;

  Settlement(WorkerSpec spec) {
    this.broker = spec.broker();
    this.mapper = spec.codec().mapper();
    this.listeners = spec.listeners();
    this.clock = spec.time();
    this.workerId = spec.workerId();
    this.random = spec.random();
    this.workflows = spec.core().workflows();
    this.coordinator = spec.coordinator();
  }

  /** Hands a job its gate deferred back to the broker, counting the deferral, not an attempt. */
  void defer(JobRun r, Coordinator coord, Coordinator.Gate.Defer defer) {
    InFlight flight = r.flight();
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
    LOG.debug("Job {} of task '{}' deferred by {}: {}", d.id(), r.env().task(), defer.delay(),
        defer.why());
  }

  /**
   * Hands back a job that arrived before its eta by more than the runtime holds one: released
   * with the rest of its delay, not run. The broker counts the delivery, as it counts a deferral;
   * this happens when clocks disagree by more than {@link DueCheck#MAX_HOLD}, or ({@code
   * stopping}) when its worker shut down while holding it until its eta.
   */
  void handBackEarly(InFlight flight, Envelope env, Duration delay, boolean stopping) {
    Delivery d = flight.delivery();
    if (!flight.claimSettlement()) {
      return;
    }
    flight.markHandedBackEarly();
    if (stopping) {
      LOG.debug("Job {} of task '{}' was held until its eta {} when its worker stopped; handed"
          + " back for the remaining {}", d.id(), env.task(), env.eta(), delay);
    } else {
      LOG.warn("Job {} of task '{}' arrived {} before its eta {}; handed back until then (check"
          + " the clocks of producers, workers and the broker)", d.id(), env.task(), delay,
          env.eta());
    }
    if (!broker.release(d, delay)) {
      LOG.warn("Job {} arrived early but its lease was lost; the broker will redeliver it",
          d.id());
    }
  }

  /** Continues the job's workflow, if any, then acks it as a success. */
  void succeed(JobRun r, Duration runtime, @Nullable Object result) {
    InFlight flight = r.flight();
    Envelope env = r.env();
    Delivery d = flight.delivery();
    if (env.workflow() != null && !flight.isSettled()) {
      // Continue the workflow before the ack: a crash in between re-runs this job, never loses
      // the continuation.
      try {
        JsonNode tree = result instanceof JsonNode n ? n : mapper.valueToTree(result);
        workflows.onSuccess(env, tree);
      } catch (RuntimeException e) {
        fail(r, runtime, new IllegalStateException("job " + d.id()
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
    listeners.emit(new JobEvent.Succeeded(r.id(), r.taskName(), d.queue(), clock.instant(),
        r.attempt(), runtime, result));
    r.scope().settled(JobOutcome.Kind.SUCCESS, null);
  }

  /** A failed attempt: retried with backoff, or dead-lettered when its policy says so. */
  void fail(JobRun r, Duration runtime, Throwable error) {
    InFlight flight = r.flight();
    Envelope env = r.env();
    RetryPolicy policy = r.policy();
    int attempt = r.attempt();
    Delivery d = flight.delivery();
    JobId id = r.id();
    String task = r.taskName();
    listeners.emit(new JobEvent.Failed(id, task, d.queue(), clock.instant(), attempt,
        runtime, error));
    r.scope().settled(null, error);
    if (policy.isNonRetryable(error)) {
      deadLetter(flight, task,
          Failures.of(FailureReason.NON_RETRYABLE, error, attempt, clock.instant(), workerId),
          env, r.scope());
      return;
    }
    if (attempt > policy.maxRetries()) {
      deadLetter(flight, task,
          Failures.of(FailureReason.RETRIES_EXHAUSTED, error, attempt, clock.instant(), workerId),
          env, r.scope());
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
    listeners.emit(new JobEvent.Retried(id, task, d.queue(), clock.instant(), attempt, delay));
    r.scope().settled(JobOutcome.Kind.RETRY, null);
  }

  /**
   * Moves the job to the dead-letter queue, with its event; {@code scope}, the interceptors'
   * scope of its processing, learns it.
   */
  void deadLetter(InFlight flight, String task, JobFailure failure, @Nullable Envelope env,
      Interceptors.Scope scope) {
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
    scope.settled(JobOutcome.Kind.DEAD, null);
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
