package dev.docket.tck.fault;

import dev.docket.TaskType;

/**
 * The argument of the fault kit's job: how long it runs, and whether it kills its worker JVM.
 *
 * @param runMillis how long the handler works (sleeps) before it returns
 * @param poison when true the handler halts its JVM at once (like a native crash), every time
 * @since 0.1
 */
public record FaultJob(long runMillis, boolean poison) {

  /** The task name the kit's workers register. */
  public static final String TASK = "docket.fault.job";

  /** The task on {@code queue}, as producer and worker processes both declare it. */
  public static TaskType<FaultJob, Void> task(String queue) {
    return TaskType.builder(TASK, FaultJob.class, Void.class).queue(queue).build();
  }
}
