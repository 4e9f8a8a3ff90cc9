package dev.docket.internal;

import dev.docket.TaskType;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One step of the {@link Coordinator}'s gate (idempotency, singleton, permit, rate limit). A step
 * that lets the job on records what it acquired in the {@link GateEntry} and answers null; any
 * other answer stops the job, and the coordinator releases what earlier steps acquired.
 */
interface CoordinationGate {

  /** Lets the job of {@code entry} pass (null), or says what to do with it instead. */
  Coordinator.@Nullable Gate pass(GateEntry entry);

  /**
   * What a gate does once the task has the one optional setting it enforces (an idempotency key,
   * singleton lock, concurrency limit or rate limit).
   */
  @FunctionalInterface
  interface Step<S> {

    /** Lets the job of {@code entry} pass (null) under {@code setting}, or says what to do. */
    Coordinator.@Nullable Gate pass(GateEntry entry, S setting);
  }

  /** A gate that runs {@code step} for tasks whose {@code setting} is present; others pass. */
  static <S> CoordinationGate forSetting(
      Function<TaskType<Object, ?>, Optional<S>> setting, Step<S> step) {
    return entry -> {
      S value = setting.apply(entry.task).orElse(null);
      return value == null ? null : step.pass(entry, value);
    };
  }
}
