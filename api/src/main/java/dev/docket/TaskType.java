package dev.docket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A typed task definition shared by producers and workers: a name, the argument and result
 * types, and defaults for queue, priority, retries and timeout.
 *
 * <pre>{@code
 * static final TaskType<Email, Void> SEND =
 *     TaskType.builder("email.send", Email.class, Void.class).queue("high").build();
 * }</pre>
 *
 * @param <A> argument type, mapped to JSON with Jackson
 * @param <R> result type
 * @since 0.1
 */
public final class TaskType<A, R> {

  /** The queue used when none is given: {@code default}. */
  public static final String DEFAULT_QUEUE = "default";

  /** The run-time limit used when none is given: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  private final String name;
  private final Class<A> argType;
  private final Class<R> resultType;
  private final String queue;
  private final int priority;
  private final RetryPolicy retryPolicy;
  private final Duration timeout;
  private final @Nullable Class<?> elementType;

  private TaskType(Builder<A, R> b) {
    this.elementType = b.elementType;
    this.name = validateName(b.name);
    this.argType = Objects.requireNonNull(b.argType, "argType");
    this.resultType = Objects.requireNonNull(b.resultType, "resultType");
    this.queue = validateQueue(b.queue);
    if (b.priority < 0 || b.priority > 9) {
      throw new IllegalArgumentException(
          "priority of task '" + name + "' must be 0 to 9, was " + b.priority);
    }
    this.priority = b.priority;
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.timeout = Objects.requireNonNull(b.timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of task '" + name + "' must be positive");
    }
  }

  /** A task with default options. */
  public static <A, R> TaskType<A, R> of(String name, Class<A> argType, Class<R> resultType) {
    return builder(name, argType, resultType).build();
  }

  /** A task without a result. */
  public static <A> TaskType<A, Void> of(String name, Class<A> argType) {
    return of(name, argType, Void.class);
  }

  /** A builder. */
  public static <A, R> Builder<A, R> builder(String name, Class<A> argType, Class<R> resultType) {
    return new Builder<>(name, argType, resultType);
  }

  /**
   * A task whose argument is a list of {@code elementType}, decoded element by element: the
   * callback of a {@link Chord}, which receives every member's result.
   */
  public static <E, R> TaskType<List<E>, R> ofList(String name, Class<E> elementType,
      Class<R> resultType) {
    return listBuilder(name, elementType, resultType).build();
  }

  /** A builder of a task whose argument is a list of {@code elementType}. */
  public static <E, R> Builder<List<E>, R> listBuilder(String name, Class<E> elementType,
      Class<R> resultType) {
    @SuppressWarnings("unchecked")
    Class<List<E>> listType = (Class<List<E>>) (Class<?>) List.class;
    Builder<List<E>, R> b = new Builder<>(name, listType, resultType);
    b.elementType = Objects.requireNonNull(elementType, "elementType");
    return b;
  }

  /** A builder starting from this task. */
  public Builder<A, R> toBuilder() {
    Builder<A, R> b = new Builder<>(name, argType, resultType);
    b.elementType = elementType;
    return b
        .queue(queue)
        .priority(priority)
        .retryPolicy(retryPolicy)
        .timeout(timeout);
  }

  /** Checks a task name: 1-200 characters of letters, digits, {@code . _ : -}. */
  public static String validateName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "task name '" + name + "' is invalid: use 1-200 letters, digits, '.', '_', ':' or '-',"
              + " starting with a letter or digit");
    }
    return name;
  }

  /** Checks a queue name: 1-80 characters of letters, digits, {@code . _ -}. */
  public static String validateQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    if (!queue.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
      throw new IllegalArgumentException(
          "queue name '" + queue + "' is invalid: use 1-80 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    return queue;
  }

  /** The task name. */
  public String name() {
    return name;
  }

  /** The argument type. */
  public Class<A> argType() {
    return argType;
  }

  /** The element type when the argument is a list ({@link #ofList}), else {@code null}. */
  public @Nullable Class<?> argElementType() {
    return elementType;
  }

  /** The result type. */
  public Class<R> resultType() {
    return resultType;
  }

  /** The default queue. */
  public String queue() {
    return queue;
  }

  /** The default message priority, 0 to 9. */
  public int priority() {
    return priority;
  }

  /** The retry policy. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The run-time limit of one attempt. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "TaskType[" + name + " (" + argType.getSimpleName() + " -> "
        + resultType.getSimpleName() + "), queue=" + queue + "]";
  }

  /**
   * Builds a {@link TaskType}.
   *
   * @param <A> argument type
   * @param <R> result type
   */
  public static final class Builder<A, R> {
    private final String name;
    private final Class<A> argType;
    private final Class<R> resultType;
    private String queue = DEFAULT_QUEUE;
    private int priority;
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Class<?> elementType;

    private Builder(String name, Class<A> argType, Class<R> resultType) {
      this.name = name;
      this.argType = argType;
      this.resultType = resultType;
    }

    /** Default queue. */
    public Builder<A, R> queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** Default message priority, 0 to 9. */
    public Builder<A, R> priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Retry policy. */
    public Builder<A, R> retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** Retries after the first attempt, other settings kept. */
    public Builder<A, R> maxRetries(int maxRetries) {
      this.retryPolicy = RetryPolicy.from(retryPolicy).maxRetries(maxRetries).build();
      return this;
    }

    /** Run-time limit of one attempt. */
    public Builder<A, R> timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Validates and builds. */
    public TaskType<A, R> build() {
      return new TaskType<>(this);
    }
  }
}
