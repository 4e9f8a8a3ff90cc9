package dev.docket;

import dev.docket.internal.Names;
import dev.docket.workflow.Chord;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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
 * <p>Coordination options need a state store shared by all workers (see {@link
 * Docket#requireStore}): an {@linkplain Builder#idempotencyKey idempotency key}, a {@linkplain
 * Builder#singleton singleton lock}, a {@linkplain Builder#maxConcurrency global concurrency
 * limit} and a {@linkplain Builder#rateLimit rate limit}. A worker that registers such a task
 * without a store fails at build time.
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

  /**
   * How long a job that found its singleton lock or every concurrency permit taken waits before
   * it tries again, unless the task says otherwise: 1 second.
   */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

  private final String name;
  private final Class<A> argType;
  private final Class<R> resultType;
  private final String queue;
  private final int priority;
  private final RetryPolicy retryPolicy;
  private final Duration timeout;
  private final @Nullable Class<?> elementType;
  private final @Nullable Idempotency<A> idempotency;
  private final @Nullable Singleton<A> singleton;
  private final @Nullable ConcurrencyLimit concurrencyLimit;
  private final @Nullable RateLimit rateLimit;

  private TaskType(Builder<A, R> b) {
    this.elementType = b.elementType;
    this.name = validateName(b.name);
    this.argType = Objects.requireNonNull(b.argType, "argType");
    this.resultType = Objects.requireNonNull(b.resultType, "resultType");
    this.queue = validateQueue(b.queue);
    this.priority = Names.priority(name, b.priority);
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.timeout = Names.timeout(name, b.timeout);
    this.idempotency = b.idempotency;
    this.singleton = b.singleton;
    this.concurrencyLimit = b.concurrencyLimit;
    this.rateLimit = b.rateLimit;
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
        .timeout(timeout)
        .coordination(idempotency, singleton, concurrencyLimit, rateLimit);
  }

  /** Checks a task name: 1-200 characters of letters, digits, {@code . _ : -}. */
  public static String validateName(String name) {
    return Names.task(name);
  }

  /** Checks a queue name: 1-80 characters of letters, digits, {@code . _ -}. */
  public static String validateQueue(String queue) {
    return Names.queue(queue);
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

  /** The idempotency key and its TTL, if the task declares one. */
  public Optional<Idempotency<A>> idempotency() {
    return Optional.ofNullable(idempotency);
  }

  /** The singleton lock, if the task declares one. */
  public Optional<Singleton<A>> singleton() {
    return Optional.ofNullable(singleton);
  }

  /** The limit on jobs of this task running at once across all workers, if any. */
  public Optional<ConcurrencyLimit> concurrencyLimit() {
    return Optional.ofNullable(concurrencyLimit);
  }

  /** The limit on starts per time window across all workers, if any. */
  public Optional<RateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** Whether running this task needs a shared state store. */
  public boolean needsStore() {
    return idempotency != null || singleton != null || concurrencyLimit != null
        || rateLimit != null;
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
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Class<?> elementType;
    private @Nullable Idempotency<A> idempotency;
    private @Nullable Singleton<A> singleton;
    private @Nullable ConcurrencyLimit concurrencyLimit;
    private @Nullable RateLimit rateLimit;

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

    /**
     * Run-time limit of one attempt (default {@link TaskType#DEFAULT_TIMEOUT}). At the limit the
     * handler's thread is interrupted and the attempt fails with {@link JobTimeoutException}
     * (retried per the policy) at once; whatever the handler returns later is discarded. A handler
     * that ignores the interrupt keeps its worker slot until it returns, so a worker never runs
     * more bodies than its concurrency.
     */
    public Builder<A, R> timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Makes the handler idempotent: jobs whose arguments map to the same key within {@code ttl}
     * of a success run the body once; later ones finish at once with the first result. While a
     * first run is in progress, another job with the key waits (it is rescheduled without using
     * up retries). A failed run leaves the key free. Needs a state store.
     */
    public Builder<A, R> idempotencyKey(Function<? super A, String> key, Duration ttl) {
      this.idempotency = new Idempotency<>(key, ttl);
      return this;
    }

    /**
     * At most one job of this task runs at a time across all workers. The lock carries an owner
     * token, is extended while the job runs, released only by its owner, and expires with a
     * worker that dies (after one worker lease). On conflict: {@code onConflict}, rescheduling
     * after {@link #DEFAULT_RETRY_DELAY}. Needs a state store.
     */
    public Builder<A, R> singleton(OnConflict onConflict) {
      return singleton(a -> "", onConflict, DEFAULT_RETRY_DELAY);
    }

    /**
     * Like {@link #singleton(OnConflict)}, with one lock per key of the arguments (for example
     * one per account) and the delay before a rescheduled job tries again.
     */
    public Builder<A, R> singleton(Function<? super A, String> key, OnConflict onConflict,
        Duration retryDelay) {
      this.singleton = new Singleton<>(key, onConflict, retryDelay);
      return this;
    }

    /**
     * At most {@code permits} jobs of this task run at once across all workers. A job that finds
     * every permit taken is rescheduled after {@link #DEFAULT_RETRY_DELAY} without using up its
     * retries. Permits are leases: a worker that dies frees its permits after one worker lease.
     * Needs a state store.
     */
    public Builder<A, R> maxConcurrency(int permits) {
      return maxConcurrency(permits, DEFAULT_RETRY_DELAY);
    }

    /** Like {@link #maxConcurrency(int)}, rescheduling after {@code retryDelay}. */
    public Builder<A, R> maxConcurrency(int permits, Duration retryDelay) {
      this.concurrencyLimit = new ConcurrencyLimit(permits, retryDelay);
      return this;
    }

    /**
     * At most {@code permits} jobs of this task start per {@code window} across all workers
     * (fixed windows aligned to the epoch, e.g. 100 per minute). A job over the limit is
     * rescheduled to the next window without using up its retries. Needs a state store.
     */
    public Builder<A, R> rateLimit(int permits, Duration window) {
      this.rateLimit = new RateLimit(permits, window);
      return this;
    }

    private Builder<A, R> coordination(@Nullable Idempotency<A> idempotency,
        @Nullable Singleton<A> singleton, @Nullable ConcurrencyLimit concurrencyLimit,
        @Nullable RateLimit rateLimit) {
      this.idempotency = idempotency;
      this.singleton = singleton;
      this.concurrencyLimit = concurrencyLimit;
      this.rateLimit = rateLimit;
      return this;
    }

    /** Validates and builds. */
    public TaskType<A, R> build() {
      return new TaskType<>(this);
    }
  }

  /**
   * An idempotency key: jobs whose arguments give the same key run the body once per {@code
   * ttl}.
   *
   * @param <A> argument type
   * @param key maps arguments to the key (non-empty)
   * @param ttl how long a success is remembered
   */
  public record Idempotency<A>(Function<? super A, String> key, Duration ttl) {
    /** Validates. */
    public Idempotency {
      Objects.requireNonNull(key, "key");
      Names.positive(ttl, "idempotency TTL");
    }
  }

  /**
   * A singleton lock.
   *
   * @param <A> argument type
   * @param key maps arguments to the lock's key ({@code ""}: one lock for the task)
   * @param onConflict what a job does when the lock is taken
   * @param retryDelay when a rescheduled job tries again
   */
  public record Singleton<A>(Function<? super A, String> key, OnConflict onConflict,
      Duration retryDelay) {
    /** Validates. */
    public Singleton {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(onConflict, "onConflict");
      Names.positive(retryDelay, "singleton retry delay");
    }
  }

  /**
   * A limit on jobs running at once across all workers.
   *
   * @param permits how many may run at once, at least 1
   * @param retryDelay when a job that found no free permit tries again
   */
  public record ConcurrencyLimit(int permits, Duration retryDelay) {
    /** Validates. */
    public ConcurrencyLimit {
      if (permits < 1 || permits > 10_000) {
        throw new IllegalArgumentException("maxConcurrency must be 1 to 10000, was " + permits);
      }
      Names.positive(retryDelay, "concurrency retry delay");
    }
  }

  /**
   * A limit on starts per fixed window across all workers.
   *
   * @param permits starts allowed per window, at least 1
   * @param window the window length, at least 1 ms
   */
  public record RateLimit(int permits, Duration window) {
    /** Validates. */
    public RateLimit {
      Names.rateLimit(permits, window);
    }
  }
}
