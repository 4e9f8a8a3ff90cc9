package dev.docket.internal;

import org.jspecify.annotations.Nullable;

/**
 * One step of the {@link Coordinator}'s gate (idempotency, singleton, permit, rate limit). A step
 * that lets the job on records what it acquired in the {@link GateEntry} and answers null; any
 * other answer stops the job, and the coordinator releases what earlier steps acquired.
 */
interface CoordinationGate {

  /** Lets the job of {@code entry} pass (null), or says what to do with it instead. */
  Coordinator.@Nullable Gate pass(GateEntry entry);
}
