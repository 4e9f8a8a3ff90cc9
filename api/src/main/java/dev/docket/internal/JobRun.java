package dev.docket.internal;

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
 */
record JobRun(InFlight flight, Envelope env, @Nullable RegisteredTask task, RetryPolicy policy,
    int attempt, @Nullable Coordinator coordinator, SoloGate.Pass pass,
    @Nullable ClockScheduler watchdog) {

  Delivery delivery() {
    return flight.delivery();
  }

  /** The task, once admission checked that it is known. */
  RegisteredTask knownTask() {
    return Objects.requireNonNull(task, "admission checks the task first");
  }
}
