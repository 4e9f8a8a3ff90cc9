package dev.docket;

import dev.docket.cron.CronSchedule;
import dev.docket.cron.Schedule;
import dev.docket.internal.AnnotatedTasks;
import dev.docket.internal.Coordinator;
import dev.docket.internal.DocketCore;
import dev.docket.internal.Interceptors;
import dev.docket.internal.JobProcessor;
import dev.docket.internal.Names;
import dev.docket.internal.QueueSelector;
import dev.docket.internal.RegisteredTask;
import dev.docket.internal.RuntimeThreads;
import dev.docket.internal.StuckHandlers;
import dev.docket.internal.WorkerRuntime;
import dev.docket.internal.WorkerSpec;
import dev.docket.spi.support.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs jobs: fetches from its queues in order, runs each job on its own (virtual) thread up to a
 * concurrency limit, keeps leases alive while jobs run, retries failures with backoff and
 * dead-letters what cannot succeed. Thread-safe.
 *
 * <pre>{@code
 * Worker worker = docket.worker()
 *     .queues("high", "default", "low")
 *     .handle(SEND_EMAIL, (email, ctx) -> mailer.send(email))
 *     .start();
 * ...
 * worker.close(); // stop fetching, finish within the grace period, hand back the rest
 * }</pre>
 *
 * @since 0.1
 */
public final class Worker implements AutoCloseable {

  /** Jobs run at once by default: 10. */
  public static final int DEFAULT_CONCURRENCY = 10;

  /** Lease of a fetched job by default: 30 s, extended every 7.5 s while it runs. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** Longest blocking fetch by default: 2 s (an idle worker wakes at once on new work). */
  public static final Duration DEFAULT_FETCH_WAIT = Duration.ofSeconds(2);

  /** Time running jobs get to finish at shutdown by default: 30 s. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** Heartbeat period by default: 5 s (since 0.4), see {@link Builder#heartbeat}. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

  private final Docket docket;
  private final DocketCore core;
  private final WorkerSpec spec;
  private final JobProcessor processor;
  private final WorkerRuntime runtime;
  private final Duration shutdownGrace;
  private final Set<String> tasks;
  private final @Nullable Scheduler scheduler;

  private Worker(Builder b) {
    this.docket = b.docket;
    this.core = b.core;
    String workerId = b.workerId != null ? b.workerId : WorkerSpec.defaultWorkerId();
    // Fails at build, naming the missing store, when schedules are registered without one.
    this.scheduler = b.schedules.isEmpty() ? null : docket.scheduler()
        .schedules(List.copyOf(b.schedules.values())).schedulerId(workerId).build();
    this.shutdownGrace = b.shutdownGrace;
    this.tasks = Set.copyOf(b.tasks.keySet());
    // Interceptor seam (observability): client interceptors, then this worker's, MDC first.
    Interceptors interceptors = Interceptors.of(Stream.concat(core.interceptors().stream(),
        b.interceptors.stream()).toList(), b.mdc, docket.clock());
    this.spec = new WorkerSpec(core, workerId, b.tasks, interceptors.listen(
        core.listeners().with(b.listeners)), interceptors,
        Coordinator.forTasks(core, b.tasks.values(), workerId, b.lease), b.defaultPolicy, b.random,
        b.weights != null ? QueueSelector.weighted(b.weights, b.random)
            : QueueSelector.strict(b.queues),
        b.concurrency, b.lease, b.fetchWait, b.threadFactory, b.heartbeat);
    this.processor = new JobProcessor(spec);
    this.runtime = new WorkerRuntime(spec, processor);
  }

  static Builder builder(Docket docket, DocketCore core) {
    return new Builder(docket, core);
  }

  /** Declares the queues and starts fetching. */
  public Worker start() {
    spec.queues().queues().forEach(core::ensureQueue);
    runtime.start();
    if (scheduler != null) {
      scheduler.start();
    }
    return this;
  }

  /**
   * Runs every job that is due now on the calling thread, without the fetch loop, until none is
   * due; returns how many ran. For tests with a {@link dev.docket.testing.ManualClock} and for
   * scripts.
   */
  public int runDue() {
    return runDue(Integer.MAX_VALUE);
  }

  /** Like {@link #runDue()}, stopping after {@code maxJobs}. */
  public int runDue(int maxJobs) {
    spec.queues().queues().forEach(core::ensureQueue);
    if (scheduler != null) {
      scheduler.runDue();
    }
    return runtime.runDue(maxJobs);
  }

  /**
   * Stops fetching, waits up to {@code grace} for running jobs, then hands unfinished ones back
   * to the broker at once (not after their lease). Returns how many were handed back.
   */
  public int shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (scheduler != null) {
      scheduler.close();
    }
    return runtime.shutdown(grace);
  }

  /** {@link #shutdown(Duration)} with the configured grace period. */
  @Override
  public void close() {
    shutdown(shutdownGrace);
  }

  /** This worker's id, recorded in dead letters and events. */
  public String workerId() {
    return spec.workerId();
  }

  /**
   * Jobs this worker runs at once at most.
   * @since 0.3
   */
  public int concurrency() {
    return spec.concurrency();
  }

  /** Jobs running now. */
  public int inFlight() {
    return runtime.inFlightCount();
  }

  /**
   * Cumulative counts of this worker's fetches, their round-trip time and lease extensions.
   * @since 0.3
   */
  public WorkerStats stats() {
    return runtime.stats();
  }

  /**
   * Handlers that ran past their timeout, ignored the interrupt and still run: their jobs are
   * settled, but each keeps its slot, lock and permit until its thread returns (with every slot
   * held so, the worker runs nothing more). See {@link #health(HealthThresholds)} and {@link
   * JobEvent.HandlerStuck}.
   * @since 0.2
   */
  public int stuckHandlers() {
    return processor.stuckHandlers();
  }

  /**
   * This worker's health: its queues checked as {@link Docket#health} does, plus its {@link
   * #stuckHandlers()}: unhealthy when all its slots are held by stuck handlers, or more than
   * {@link HealthThresholds#maxStuckHandlers()} are.
   * @since 0.2
   */
  public HealthReport health(HealthThresholds thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    return StuckHandlers.health(docket.health(thresholds, queues().toArray(String[]::new)),
        workerId(), stuckHandlers(), concurrency(), thresholds.maxStuckHandlers());
  }

  /** Whether the fetch loop runs. */
  public boolean isRunning() {
    return runtime.isRunning();
  }

  /** The queues, in configured order. */
  public List<String> queues() {
    return spec.queues().queues();
  }

  /** The cron scheduler of this worker's schedules, if it has any. */
  public Optional<Scheduler> scheduler() {
    return Optional.ofNullable(scheduler);
  }

  /** The task names this worker runs. */
  public Set<String> tasks() {
    return tasks;
  }

  /** Builds a {@link Worker}; get one from {@link Docket#worker()}. */
  public static final class Builder {
    private final Docket docket;
    private final DocketCore core;
    private final Map<String, RegisteredTask> tasks = new LinkedHashMap<>();
    private final List<JobListener> listeners = new ArrayList<>();
    private final Map<String, Schedule<?>> schedules = new LinkedHashMap<>();
    private final List<JobInterceptor> interceptors = new ArrayList<>();
    private boolean mdc = true;
    private List<String> queues = List.of(TaskType.DEFAULT_QUEUE);
    private @Nullable Map<String, Integer> weights;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration lease = DEFAULT_LEASE;
    private Duration fetchWait = DEFAULT_FETCH_WAIT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private @Nullable String workerId;
    private RetryPolicy defaultPolicy = RetryPolicy.defaults();
    private RandomGenerator random = RandomGenerator.getDefault();
    private ThreadFactory threadFactory = RuntimeThreads.tasks("worker-");

    private Builder(Docket docket, DocketCore core) {
      this.docket = Objects.requireNonNull(docket, "docket");
      this.core = core;
    }

    /** Queues in strict order: a later queue is served only when earlier ones are empty. */
    public Builder queues(String... queues) {
      this.queues = Names.workerQueues(List.of(queues));
      this.weights = null;
      return this;
    }

    /** Queues in weighted random order per fetch, e.g. {@code high=6, default=3, low=1}. */
    public Builder weightedQueues(Map<String, Integer> weights) {
      this.queues = Names.workerQueues(List.copyOf(weights.keySet()));
      this.weights = new LinkedHashMap<>(weights);
      return this;
    }

    /** Jobs run at once (default {@value Worker#DEFAULT_CONCURRENCY}). */
    public Builder concurrency(int concurrency) {
      this.concurrency = Require.atLeast("concurrency", concurrency, 1);
      return this;
    }

    /** Lease per job, extended every quarter of it while the job runs (default 30 s). */
    public Builder lease(Duration lease) {
      this.lease = Names.positive(lease, "lease");
      return this;
    }

    /** Longest blocking fetch (default 2 s). */
    public Builder fetchWait(Duration fetchWait) {
      this.fetchWait = Objects.requireNonNull(fetchWait, "fetchWait");
      return this;
    }

    /** Time running jobs get at {@link Worker#close()} (default 30 s). */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      return this;
    }

    /**
     * How often the running worker writes its {@link WorkerInfo heartbeat record} to the state
     * store (default 5 s); the record lives three periods, so {@link Docket#workers()} drops a
     * worker that stopped beating within that. Without a store nothing is written.
     * @since 0.4
     */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = Names.positive(heartbeat, "heartbeat");
      return this;
    }

    /** This worker's id (default: host, pid and a random suffix). */
    public Builder workerId(String workerId) {
      this.workerId = Objects.requireNonNull(workerId, "workerId");
      return this;
    }

    /** The retry policy for jobs whose task is unknown here (they are dead-lettered). */
    public Builder defaultRetryPolicy(RetryPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Random source for jitter and weighted queue order (tests pass a seeded one). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Threads for jobs (default: virtual threads). */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** Receives this worker's events, besides the client's listeners. */
    public Builder listener(JobListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Wraps this worker's handler runs in {@code interceptor}, after the client's interceptors
     * ({@link Docket.Builder#interceptor}); several apply in registration order.
     *
     * @since 0.3
     */
    public Builder interceptor(JobInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Whether log lines about a job carry the {@link JobMdc} keys in the SLF4J MDC, in the
     * handler and in Docket's own lines (default true). Off, the seam costs nothing when no
     * interceptor is registered.
     *
     * @since 0.3
     */
    public Builder mdc(boolean mdc) {
      this.mdc = mdc;
      return this;
    }

    /** Runs {@code task} with {@code handler}. */
    public <A, R> Builder handle(TaskType<A, R> task, JobHandler<A, R> handler) {
      return add(RegisteredTask.of(Objects.requireNonNull(task, "task"),
          Objects.requireNonNull(handler, "handler")));
    }

    /**
     * Runs every {@link Task}-annotated method of {@code handlers}, and schedules those with a
     * {@link Task#schedule()}.
     */
    public Builder register(Object handlers) {
      AnnotatedTasks.scan(Objects.requireNonNull(handlers, "handlers")).forEach(this::add);
      AnnotatedTasks.schedules(handlers).forEach(this::schedule);
      return this;
    }

    /**
     * Also enqueues {@code schedule}'s jobs: the worker runs a {@link Scheduler} while it runs
     * (and {@link Worker#runDue()} enqueues due ticks first). Every worker may register the same
     * schedule; each tick still yields one job. Needs a state store, checked at {@link #build()}.
     */
    public Builder schedule(Schedule<?> schedule) {
      Names.addSchedule(schedules, schedule, " with Schedule.of(..)");
      return this;
    }

    /** Enqueues {@code task} with {@code args} at every tick of {@code cron}, named after it. */
    public <A> Builder schedule(TaskType<A, ?> task, CronSchedule cron, A args) {
      return schedule(Schedule.of(task.name(), task, cron, args));
    }

    private Builder add(RegisteredTask task) {
      String name = task.type().name();
      if (tasks.putIfAbsent(name, task) != null) {
        throw new IllegalArgumentException("task '" + name + "' is registered twice");
      }
      return this;
    }

    /** Builds a worker without starting it. */
    public Worker build() {
      if (tasks.isEmpty()) {
        throw new IllegalStateException("a worker needs at least one task: call handle(..) or"
            + " register(..)");
      }
      return new Worker(this);
    }

    /** Builds and starts a worker. */
    public Worker start() {
      return build().start();
    }
  }
}
