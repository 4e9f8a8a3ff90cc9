package dev.docket.broker.inmemory;

import dev.docket.Docket;
import dev.docket.TaskType;

/** Enqueuing shared by the runtime tests. */
final class Jobs {

  private Jobs() {}

  /** Enqueues jobs {@code 0} to {@code count - 1} of {@code task}, one enqueue call each. */
  static void enqueueNumbered(Docket docket, TaskType<Integer, ?> task, int count) {
    for (int i = 0; i < count; i++) {
      docket.enqueue(task, i);
    }
  }
}
