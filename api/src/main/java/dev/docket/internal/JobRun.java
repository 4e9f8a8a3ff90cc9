package dev.docket.internal;

import dev.docket.JobId;
import dev.docket.RetryPolicy;
import dev.docket.spi.Delivery;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one decoded job, as the processor carries it from admission to settlement.
 *
 * @param flight the delivery and its settlement state
 * @param env the decoded envelope
 * @param task the handler's task; null when this worker does not know it
 * @param policy the retry policy that applies (the worker's default for an unknown task)
 * @param attempt the attempt number, deferrals not counted
 * @param coordinator the gate this job passes; null when its task needs none
 * @param pass its turn at running (alone, if it crashed a worker before)
 * @param watchdog the timer of its timeout when it runs on its own job thread, else null
 * @param id the job's id, built (and validated) once for the run's context and events
 * @param scope the interceptors' scope of its processing, told how the settlement ended it
 */
record JobRun(InFlight flight, Envelope env, @Nullable RegisteredTask task, RetryPolicy policy,
    int attempt, @Nullable Coordinator coordinator, SoloGate.Pass pass,
    @Nullable ClockScheduler watchdog, JobId id, Interceptors.Scope scope) {

  /**
   * The task's name: the registered task's own string when it is known (equal to the
   * envelope's, which is decoded afresh for every job), so that whatever is looked up by it per
   * job, such as meters, hashes it once and compares it by identity.
   */
  String taskName() {
    return task != null ? task.type().name() : env.task();
  }

  Delivery delivery() {
    return flight.delivery();
  }

  /** The task, once admission checked that it is known. */
  RegisteredTask knownTask() {
    return Objects.requireNonNull(task, "admission checks the task first");
  }
}
