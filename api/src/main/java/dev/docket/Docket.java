package dev.docket;

import dev.docket.cron.ScheduleInfo;
import dev.docket.internal.Connection;
import dev.docket.internal.DocketCore;
import dev.docket.internal.DocketSettings;
import dev.docket.internal.LinkedRequest;
import dev.docket.internal.Names;
import dev.docket.internal.WorkerDirectory;
import dev.docket.spi.Broker;
import dev.docket.spi.BrokerProvider;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docket client: enqueue jobs, inspect queues and dead letters, and build workers. One
 * instance per application and broker; thread-safe; close it on shutdown.
 *
 * <pre>{@code
 * try (Docket docket = Docket.connect("memory://")) {
 *   docket.enqueue(SEND_EMAIL, new Email("ada@example.com", "hi"));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Docket implements AutoCloseable {

  /** Environment variable read by {@link #fromEnv()} for the broker URI. */
  public static final String ENV_BROKER_URI = DocketSettings.ENV_BROKER_URI;

  /** Environment variable read by {@link #fromEnv()} for an explicit provider name. */
  public static final String ENV_BROKER_PROVIDER = DocketSettings.ENV_BROKER_PROVIDER;

  /** Environment variable read by {@link #fromEnv()} for the state store URI. */
  public static final String ENV_STORE_URI = DocketSettings.ENV_STORE_URI;

  /** How long job states and results are kept in the state store by default: 1 day. */
  public static final Duration DEFAULT_RESULT_TTL = Duration.ofDays(1);

  private final DocketCore core;
  private final String description;

  private Docket(DocketCore core, String description) {
    this.core = core;
    this.description = description;
  }

  /** Connects to the broker at {@code uri}, e.g. {@code memory://} or {@code redis://host}. */
  public static Docket connect(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * Connects using {@value #ENV_BROKER_URI} ({@code memory://} when unset), {@value
   * #ENV_BROKER_PROVIDER} and {@value #ENV_STORE_URI}.
   */
  public static Docket fromEnv() {
    return builder().config(DocketSettings.fromEnv(System.getenv())).build();
  }

  /** Connects using {@code docket.*} keys, see {@link Builder#config(Map)}. */
  public static Docket fromConfig(Map<String, String> config) {
    return builder().config(config).build();
  }

  /** Connects using {@code docket.*} properties, see {@link Builder#config(Map)}. */
  public static Docket fromProperties(Properties properties) {
    return fromConfig(DocketSettings.fromProperties(properties));
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Enqueues one job with the task's defaults. */
  public <A> EnqueuedJob enqueue(TaskType<A, ?> task, A args) {
    return enqueue(task, args, EnqueueOptions.defaults());
  }

  /** Enqueues one job; returns once the broker stored it. */
  public <A> EnqueuedJob enqueue(TaskType<A, ?> task, A args, EnqueueOptions options) {
    return enqueueAll(List.of(JobRequest.of(task, args, options))).get(0);
  }

  /**
   * Enqueues a job by task name with an untyped argument (any JSON-mappable value), for tasks
   * registered with {@link Task} whose {@link TaskType} the producer does not share.
   */
  public EnqueuedJob enqueue(String task, Object args, EnqueueOptions options) {
    @SuppressWarnings("unchecked")
    TaskType<Object, Object> type =
        (TaskType<Object, Object>) (TaskType<?, ?>) TaskType.of(task, Object.class, Object.class);
    return enqueue(type, args, options);
  }

  /**
   * Enqueues many jobs with one broker call per queue. Results are in request order; each says
   * whether it was a duplicate of a live job with the same id.
   */
  public List<EnqueuedJob> enqueueAll(List<? extends JobRequest<?>> requests) {
    Objects.requireNonNull(requests, "requests");
    return core.enqueue(requests.stream().<LinkedRequest>map(LinkedRequest::plain).toList());
  }

  /**
   * Enqueues a {@link Workflow} (a chain, group or chord): the first step of a chain, or every
   * member of a group. Every workflow needs a state store ({@link #requireStore}): its record
   * there bounds what its links may run and enqueue, and holds its status and results.
   */
  public EnqueuedWorkflow enqueue(Workflow workflow) {
    return core.workflows().start(Objects.requireNonNull(workflow, "workflow"));
  }

  /** Where a workflow stands; empty when the store has no such workflow. Needs a state store. */
  public Optional<WorkflowStatus> workflowStatus(String workflowId) {
    return core.workflows().status(Objects.requireNonNull(workflowId, "workflowId"));
  }

  /**
   * The results of a workflow's steps (chain, as far as it got) or members (group, chord; all
   * of them, in member order, else {@link IllegalStateException}), decoded as {@code type}.
   */
  public <R> List<R> workflowResults(String workflowId, Class<R> type) {
    return core.workflows().results(Objects.requireNonNull(workflowId, "workflowId"),
        Objects.requireNonNull(type, "type"));
  }

  /** Recent workflows (the latest 1000 at most), newest first, after the offset newest. */
  public List<RecentWorkflow> recentWorkflows(int offset, int limit) {
    return core.workflows().recent(offset, limit);
  }

  /** Every process's cron schedules by name (no store: this client's), with fire times. */
  public List<ScheduleInfo> schedules() {
    return core.schedules().list();
  }

  /** A builder for a cron {@link Scheduler} on this client; needs a state store. */
  public Scheduler.Builder scheduler() {
    return Scheduler.builder(core);
  }

  /** A snapshot of a queue's counts. */
  public QueueStats stats(String queue) {
    return core.broker().stats(core.declared(queue));
  }

  /**
   * Checks queues against thresholds; one sentence per broken threshold. Reads the broker's
   * stats without declaring the queues: checking a queue never creates it.
   */
  public HealthReport health(HealthThresholds thresholds, String... queues) {
    return core.health(Objects.requireNonNull(thresholds, "thresholds"), queues);
  }

  /** The dead-letter queue of {@code queue}. */
  public DeadLetterQueue deadLetters(String queue) {
    return new DeadLetterQueue(core.declared(queue), core.broker().deadLetters());
  }

  /** Deletes every ready and delayed job of a queue; returns how many. */
  public long purge(String queue) {
    return core.broker().purge(core.declared(queue));
  }

  /** A builder for a worker on this client's broker. */
  public Worker.Builder worker() {
    return Worker.builder(this, core);
  }

  /**
   * The running workers of every process that shares this client's state store, from their
   * heartbeats ({@link WorkerInfo}), sorted by id. A worker that closed or stopped beating is
   * absent. Needs a state store: without one no worker, not even this process's, is listed.
   *
   * @throws InvalidConfigException when no state store is configured
   * @since 0.4
   */
  public List<WorkerInfo> workers() {
    return WorkerDirectory.list(core.requireStore("worker heartbeats"), core.time().instant());
  }

  /** The broker, for tools and tests that work at the SPI level. */
  public Broker broker() {
    return core.broker();
  }

  /** The shared state store of coordination features and heartbeats, if one is configured. */
  public Optional<StateStore> store() {
    return Optional.ofNullable(core.store());
  }

  /**
   * The state store, or an {@link InvalidConfigException} naming {@code feature} and the setting
   * to add: features that must agree across processes fail loudly without one.
   */
  public StateStore requireStore(String feature) {
    return core.requireStore(feature);
  }

  /**
   * A handle on job {@code id}: its recorded state and its result (as plain JSON types: maps,
   * lists, strings, numbers). Needs a state store.
   *
   * @throws InvalidConfigException when no state store is configured
   */
  public JobHandle<Object> job(JobId id) {
    return JobHandle.open(core, id, Object.class);
  }

  /** A handle on job {@code id} of {@code task}, whose result reads as the task's result type. */
  public <R> JobHandle<R> job(TaskType<?, R> task, JobId id) {
    return JobHandle.open(core, id, Objects.requireNonNull(task, "task").resultType());
  }

  /** The clock of every timestamp this client writes: {@link #time()} as a UTC clock. */
  public Clock clock() {
    return core.time().clock();
  }

  /**
   * The time source of this client, its workers, scheduler, and the broker and store it opened.
   * @since 0.2
   */
  public TimeSource time() {
    return core.time();
  }

  /** The JSON mapper for arguments and results. */
  public JsonMapper jsonMapper() {
    return core.mapper();
  }

  /** Closes the broker connection and the state store. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "Docket[" + description + "]";
  }

  /** Builds a {@link Docket}. */
  public static final class Builder {
    private Map<String, String> config = new HashMap<>();
    private @Nullable BrokerProvider provider;
    private @Nullable Broker broker;
    private @Nullable StateStore store;
    private TimeSource time = TimeSource.system();
    private @Nullable JsonMapper mapper;
    private final List<JobListener> listeners = new ArrayList<>();
    private final List<JobInterceptor> interceptors = new ArrayList<>();
    private ClassLoader classLoader = Docket.class.getClassLoader();
    private Duration resultTtl = DEFAULT_RESULT_TTL;
    private boolean recordStates = true;

    private Builder() {}

    /** The broker URI (default {@code memory://}); query parameters become broker options. */
    public Builder uri(String uri) {
      config.put(DocketSettings.BROKER_URI, Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /**
     * Configuration keys: {@code docket.broker.uri}, {@code docket.broker.provider}, {@code
     * docket.broker.option.<name>}, {@code docket.store.uri}. Other keys are ignored; unknown
     * {@code docket.*} keys fail the build with every problem listed.
     */
    public Builder config(Map<String, String> config) {
      this.config.putAll(config);
      return this;
    }

    /** A broker option, as if given in the URI query string. */
    public Builder option(String name, String value) {
      config.put(DocketSettings.BROKER_OPTION + name, value);
      return this;
    }

    /** Use this provider, skipping discovery. */
    public Builder provider(BrokerProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Use this already-open broker (tests, the TCK); the client closes it on close. */
    public Builder broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /** Use this open state store (closed with the client); wins over {@code docket.store.uri}. */
    public Builder store(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The state store URI, e.g. {@code redis://host:6379} or {@code memory://}. */
    public Builder storeUri(String uri) {
      config.put(DocketSettings.STORE_URI, Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /** How long job states and results stay in the store (default {@link #DEFAULT_RESULT_TTL}). */
    public Builder resultTtl(Duration resultTtl) {
      this.resultTtl = Names.positive(resultTtl, "resultTtl");
      return this;
    }

    /**
     * Whether this client and its workers record job states and results in the state store
     * (default true when a store is configured). Recording costs a few store calls per job; turn
     * it off for throughput when nothing reads {@link Docket#job}.
     */
    public Builder recordStates(boolean recordStates) {
      this.recordStates = recordStates;
      return this;
    }

    /**
     * The time source for timestamps, delays, waits, the runtime and the broker (default: {@link
     * TimeSource#system()}); a test passes a {@code dev.docket.testing.ManualClock}.
     *
     * @since 0.2
     */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * The clock for timestamps, delays and the broker, as {@link #time(TimeSource)} of {@link
     * TimeSource#of(Clock)}: a plain clock gives real-time waits; a {@code ManualClock} (itself a
     * time source) stays controllable.
     */
    public Builder clock(Clock clock) {
      return time(TimeSource.of(Objects.requireNonNull(clock, "clock")));
    }

    /** The JSON mapper for arguments and results (default: a plain {@link JsonMapper}). */
    public Builder jsonMapper(JsonMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** Receives events of this client and of its workers. */
    public Builder listener(JobListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a job interceptor: it sees every enqueue of this client ({@link
     * JobInterceptor#onEnqueue}) and wraps every handler run of its workers, before the workers'
     * own interceptors. Several apply in registration order, the first outermost.
     *
     * @since 0.3
     */
    public Builder interceptor(JobInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** The class loader for provider discovery (default: Docket's). */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /** Connects. */
    public Docket build() {
      JsonMapper m = mapper != null ? mapper : JsonMapper.builder().build();
      Connection c = Connection.open(DocketSettings.from(config), provider, broker, store,
          classLoader, time.clock());
      return new Docket(new DocketCore(c.broker(), c.store(), time, m, listeners, interceptors,
          resultTtl, recordStates), c.description());
    }
  }
}
