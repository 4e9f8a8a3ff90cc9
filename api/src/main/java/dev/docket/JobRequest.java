package dev.docket;

import java.util.Objects;

/**
 * One job of a batch enqueue: {@link Docket#enqueueAll}.
 *
 * @param task the task
 * @param args its argument
 * @param options per-enqueue options
 * @param <A> argument type
 * @since 0.1
 */
public record JobRequest<A>(TaskType<A, ?> task, A args, EnqueueOptions options) {
  /** Validates. */
  public JobRequest {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
  }

  /** With default options. */
  public static <A> JobRequest<A> of(TaskType<A, ?> task, A args) {
    return new JobRequest<>(task, args, EnqueueOptions.defaults());
  }

  /** With options. */
  public static <A> JobRequest<A> of(TaskType<A, ?> task, A args, EnqueueOptions options) {
    return new JobRequest<>(task, args, options);
  }
}
