package dev.docket.internal;

import dev.docket.JobHandler;
import dev.docket.TaskType;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task a worker can run: its definition and its handler, with types erased for dispatch.
 *
 * @param type the task definition
 * @param handler the body, taking the decoded argument
 */
public record RegisteredTask(TaskType<?, ?> type, JobHandler<Object, Object> handler) {
  /** Validates. */
  public RegisteredTask {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
  }

  /** The type the argument binds to: the argument class, or a list of the element class. */
  public JavaType argJavaType(JsonMapper mapper) {
    Class<?> element = type.argElementType();
    return element == null ? mapper.constructType(type.argType())
        : mapper.getTypeFactory().constructCollectionType(List.class, element);
  }

  /** Erases a typed handler; safe because the argument is decoded to {@code type.argType()}. */
  @SuppressWarnings("unchecked")
  public static <A, R> RegisteredTask of(TaskType<A, R> type, JobHandler<A, R> handler) {
    return new RegisteredTask(type, (JobHandler<Object, Object>) (JobHandler<?, ?>) handler);
  }
}
