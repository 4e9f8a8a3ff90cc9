package dev.docket.spring;

import dev.docket.Worker;

/**
 * A bean that adjusts the auto-configured worker before it starts: register a {@code TaskType}
 * with a handler ({@code builder.handle(SEND, mailer::send)}), add a listener or a schedule.
 * Beans with {@link dev.docket.Task} methods need no customizer: they are registered as they are.
 */
@FunctionalInterface
public interface WorkerCustomizer {

  /** Adjusts {@code builder}. */
  void customize(Worker.Builder builder);
}
