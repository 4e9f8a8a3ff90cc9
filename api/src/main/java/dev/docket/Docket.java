package dev.docket;

import dev.docket.internal.BrokerDiscovery;
import dev.docket.internal.Completions;
import dev.docket.internal.DocketSettings;
import dev.docket.internal.EnqueueHooks;
import dev.docket.internal.Envelope;
import dev.docket.internal.EnvelopeCodec;
import dev.docket.internal.JobArgs;
import dev.docket.internal.JobRecords;
import dev.docket.internal.Listeners;
import dev.docket.internal.WorkflowLink;
import dev.docket.internal.StateRecorder;
import dev.docket.internal.StoreDiscovery;
import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
  public static final String ENV_BROKER_URI = "DOCKET_BROKER_URI";

  /** Environment variable read by {@link #fromEnv()} for an explicit provider name. */
  public static final String ENV_BROKER_PROVIDER = "DOCKET_BROKER_PROVIDER";

  /** Environment variable read by {@link #fromEnv()} for the state store URI. */
  public static final String ENV_STORE_URI = "DOCKET_STORE_URI";

  /** How long job states and results are kept in the state store by default: 1 day. */
  public static final Duration DEFAULT_RESULT_TTL = Duration.ofDays(1);

  private final Broker broker;
  private final @Nullable StateStore store;
  private final TimeSource time;
  private final EnvelopeCodec codec;
  private final Listeners listeners;
  private final String description;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final WorkflowEngine workflows = new WorkflowEngine(this);
  private final @Nullable JobRecords records;
  private final Completions completions;
  private final boolean recordStates;
  /** Interceptor seam: set once by the builder before the client is returned. */
  private volatile List<JobInterceptor> interceptors = List.of();

  private Docket(Broker broker, @Nullable StateStore store, TimeSource time, JsonMapper mapper,
      List<JobListener> listeners, String description, Duration resultTtl,
      boolean recordStates) {
    this.broker = broker;
    this.store = store;
    this.time = time;
    this.completions = new Completions(time);
    this.codec = new EnvelopeCodec(mapper);
    this.records = store == null ? null : new JobRecords(store, mapper, resultTtl);
    List<JobListener> all = new ArrayList<>(listeners);
    this.recordStates = recordStates;
    if (records != null && recordStates) {
      // States are recorded first, so user listeners that read a handle see the new state.
      all.add(0, new StateRecorder(records, completions));
    }
    this.listeners = new Listeners(all);
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
    return builder().config(envConfig(System.getenv())).build();
  }

  /** Connects using {@code docket.*} keys, see {@link Builder#config(Map)}. */
  public static Docket fromConfig(Map<String, String> config) {
    return builder().config(config).build();
  }

  /** Connects using {@code docket.*} properties, see {@link Builder#config(Map)}. */
  public static Docket fromProperties(Properties properties) {
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return fromConfig(map);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  static Map<String, String> envConfig(Map<String, String> env) {
    Map<String, String> map = new HashMap<>();
    putIfSet(map, DocketSettings.BROKER_URI, env.get(ENV_BROKER_URI));
    putIfSet(map, DocketSettings.BROKER_PROVIDER, env.get(ENV_BROKER_PROVIDER));
    putIfSet(map, DocketSettings.STORE_URI, env.get(ENV_STORE_URI));
    return map;
  }

  private static void putIfSet(Map<String, String> map, String key, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
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
    return enqueueLinked(requests, null);
  }

  /**
   * Enqueues a {@link Chain}, {@link Group} or {@link Chord}: the first step of a chain, or every
   * member of a group. Every workflow needs a state store ({@link #requireStore}): its record
   * there bounds what its links may run and enqueue, and holds its status and results.
   */
  public EnqueuedWorkflow enqueue(Workflow workflow) {
    return workflows.start(Objects.requireNonNull(workflow, "workflow"));
  }

  /** Where a workflow stands; empty when the store has no such workflow. Needs a state store. */
  public Optional<WorkflowStatus> workflowStatus(String workflowId) {
    return workflows.status(Objects.requireNonNull(workflowId, "workflowId"));
  }

  /**
   * The results of a workflow's steps (chain, as far as it got) or members (group, chord; all
   * of them, in member order, else {@link IllegalStateException}), decoded as {@code type}.
   */
  public <R> List<R> workflowResults(String workflowId, Class<R> type) {
    return workflows.results(Objects.requireNonNull(workflowId, "workflowId"),
        Objects.requireNonNull(type, "type"));
  }

  /** A builder for a cron {@link Scheduler} on this client; needs a state store. */
  public Scheduler.Builder scheduler() {
    return Scheduler.builder(this);
  }

  WorkflowEngine workflows() {
    return workflows;
  }

  /** Enqueues with a workflow link per request ({@code links} null: plain jobs). */
  List<EnqueuedJob> enqueueLinked(List<? extends JobRequest<?>> requests,
      @Nullable List<WorkflowLink> links) {
    Instant now = time.instant();
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    List<Message> messages = new ArrayList<>(requests.size());
    List<EnqueuedJob> jobs = new ArrayList<>(requests.size());
    List<Instant> dueAts = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      JobRequest<?> r = requests.get(i);
      EnqueueOptions o = r.options();
      String queue = o.queue() != null ? o.queue() : r.task().queue();
      int priority = o.priority() != null ? o.priority() : r.task().priority();
      JobId id = o.jobId() != null ? o.jobId() : JobId.generate(time.clock());
      Instant eta = o.eta() != null ? o.eta() : o.delay() != null ? now.plus(o.delay()) : null;
      Envelope envelope = new Envelope(Envelope.VERSION, id.value(), r.task().name(), queue,
          JobArgs.of(r.args()), priority, now, eta,
          EnqueueHooks.headers(interceptors, id, r.task().name(), queue, now, eta, o.headers()),
          links == null ? null : links.get(i));
      byte[] body = codec.encode(envelope);
      Map<String, String> headers = Map.of(
          Headers.TASK, r.task().name(),
          Headers.JOB_ID, id.value(),
          Headers.FORMAT, "json/" + Envelope.VERSION);
      messages.add(new Message(id.value(), body, headers, priority,
          eta != null && eta.isAfter(now) ? eta : null));
      jobs.add(new EnqueuedJob(id, r.task().name(), queue, false));
      dueAts.add(eta != null && eta.isAfter(now) ? eta : now);
      byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      String queue = e.getKey();
      ensureQueue(queue);
      List<Message> batch = e.getValue().stream().map(messages::get).toList();
      List<PublishOutcome> outcomes = broker.publish(queue, batch);
      for (int k = 0; k < batch.size(); k++) {
        int i = e.getValue().get(k);
        EnqueuedJob job = jobs.get(i);
        boolean duplicate = outcomes.get(k) == PublishOutcome.DUPLICATE;
        jobs.set(i, new EnqueuedJob(job.id(), job.task(), job.queue(), duplicate));
        if (!duplicate) {
          listeners.emit(new JobEvent.Enqueued(job.id(), job.task(), queue, now, dueAts.get(i)));
        }
      }
    }
    return List.copyOf(jobs);
  }

  /** Declares a queue once per client; brokers make this idempotent. */
  void ensureQueue(String queue) {
    if (declared.add(queue)) {
      try {
        broker.declareQueue(queue);
      } catch (RuntimeException e) {
        declared.remove(queue);
        throw e;
      }
    }
  }

  /** A snapshot of a queue's counts. */
  public QueueStats stats(String queue) {
    TaskType.validateQueue(queue);
    ensureQueue(queue);
    return broker.stats(queue);
  }

  /**
   * Checks queues against thresholds; one sentence per broken threshold. Reads the broker's
   * stats without declaring the queues: checking a queue never creates it.
   */
  public HealthReport health(HealthThresholds thresholds, String... queues) {
    Objects.requireNonNull(thresholds, "thresholds");
    Instant now = time.instant();
    List<HealthReport.QueueHealth> out = new ArrayList<>();
    for (String q : queues) {
      TaskType.validateQueue(q);
      QueueStats s = broker.stats(q);
      out.add(new HealthReport.QueueHealth(s, s.oldestReadyAge(now)));
    }
    return thresholds.check(out);
  }

  /** The dead-letter queue of {@code queue}. */
  public DeadLetterQueue deadLetters(String queue) {
    TaskType.validateQueue(queue);
    ensureQueue(queue);
    return new DeadLetterQueue(queue, broker.deadLetters());
  }

  /** Deletes every ready and delayed job of a queue; returns how many. */
  public long purge(String queue) {
    TaskType.validateQueue(queue);
    ensureQueue(queue);
    return broker.purge(queue);
  }

  /** A builder for a worker on this client's broker. */
  public Worker.Builder worker() {
    return Worker.builder(this);
  }

  /** The broker, for tools and tests that work at the SPI level. */
  public Broker broker() {
    return broker;
  }

  /**
   * The shared state store of coordination features (locks, idempotency, global concurrency, rate
   * limits, states and results, workflows, cron), if one is configured.
   */
  public Optional<StateStore> store() {
    return Optional.ofNullable(store);
  }

  /**
   * The state store, or an {@link InvalidConfigException} that names {@code feature} and the
   * setting to add. Features that must agree across processes call this when they are used, so a
   * missing store fails loudly instead of silently working per process.
   */
  public StateStore requireStore(String feature) {
    if (store == null) {
      throw new InvalidConfigException(feature + " need a state store shared by all workers, and"
          + " none is configured: set " + DocketSettings.STORE_URI + " (or the environment"
          + " variable " + ENV_STORE_URI + ") to e.g. redis://host:6379, or pass one with"
          + " Docket.builder().store(...). With a memory:// broker an in-memory store is used.");
    }
    return store;
  }

  /**
   * A handle on job {@code id}: its recorded state and its result (as plain JSON types: maps,
   * lists, strings, numbers). Needs a state store.
   *
   * @throws InvalidConfigException when no state store is configured
   */
  public JobHandle<Object> job(JobId id) {
    return job(id, Object.class);
  }

  /** A handle on job {@code id} of {@code task}, whose result reads as the task's result type. */
  public <R> JobHandle<R> job(TaskType<?, R> task, JobId id) {
    return job(id, Objects.requireNonNull(task, "task").resultType());
  }

  private <R> JobHandle<R> job(JobId id, Class<R> resultType) {
    Objects.requireNonNull(id, "id");
    requireStore("job states and results");
    if (!recordStates) {
      throw new InvalidConfigException("job states and results are not recorded by this client:"
          + " it was built with recordStates(false)");
    }
    return new JobHandle<>(id, resultType, Objects.requireNonNull(records), codec.mapper(),
        completions, time);
  }

  /** The job records, when a store is configured; for workers. */
  @Nullable JobRecords records() {
    return records;
  }

  /** The clock of every timestamp this client writes: {@link #time()} as a UTC clock. */
  public Clock clock() {
    return time.clock();
  }

  /**
   * The time source of this client, its workers, scheduler and (when the client opened it) its
   * broker and store.
   *
   * @since 0.2
   */
  public TimeSource time() {
    return time;
  }

  /** The JSON mapper for arguments and results. */
  public JsonMapper jsonMapper() {
    return codec.mapper();
  }

  EnvelopeCodec codec() {
    return codec;
  }

  Listeners listeners() {
    return listeners;
  }

  /** The client's interceptors, in registration order; workers run them before their own. */
  List<JobInterceptor> interceptors() {
    return interceptors;
  }

  /** Closes the broker connection and the state store. */
  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      if (store != null) {
        store.close();
      }
    }
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

    /**
     * Use this already-open state store for coordination features; the client closes it on close.
     * Wins over {@code docket.store.uri}.
     */
    public Builder store(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The state store URI, e.g. {@code redis://host:6379} or {@code memory://}. */
    public Builder storeUri(String uri) {
      config.put(DocketSettings.STORE_URI, Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /**
     * How long job states and results stay in the state store (default {@link
     * #DEFAULT_RESULT_TTL}).
     */
    public Builder resultTtl(Duration resultTtl) {
      Objects.requireNonNull(resultTtl, "resultTtl");
      if (resultTtl.isNegative() || resultTtl.isZero()) {
        throw new IllegalArgumentException("resultTtl must be positive, was " + resultTtl);
      }
      this.resultTtl = resultTtl;
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
      DocketSettings settings = DocketSettings.from(config);
      if (broker != null) {
        return attach(new Docket(broker, openStore(settings, false), time, m, listeners,
            broker.getClass().getSimpleName(), resultTtl, recordStates));
      }
      BrokerProvider p = provider != null ? provider
          : BrokerDiscovery.load(classLoader).resolve(settings.brokerUri(), settings.provider());
      URI uri = settings.brokerUri();
      BrokerConfig brokerConfig = new BrokerConfig(uri, settings.options(), time.clock());
      boolean inProcess = "memory".equalsIgnoreCase(uri.getScheme());
      StateStore s = openStore(settings, inProcess);
      Broker b;
      try {
        b = p.create(brokerConfig);
      } catch (RuntimeException e) {
        if (s != null) {
          s.close();
        }
        throw e;
      }
      return attach(new Docket(b, s, time, m, listeners, p.name() + " "
          + brokerConfig.redactedUri(), resultTtl, recordStates));
    }

    private Docket attach(Docket docket) {
      docket.interceptors = List.copyOf(interceptors);
      return docket;
    }

    /** The explicit store, else the configured URI's, else in-memory for a memory:// broker. */
    private @Nullable StateStore openStore(DocketSettings settings, boolean inProcess) {
      if (store != null) {
        return store;
      }
      URI storeUri = settings.storeUri();
      if (storeUri == null && inProcess) {
        storeUri = URI.create("memory:///");
      }
      if (storeUri == null) {
        return null;
      }
      return StoreDiscovery.resolve(classLoader, storeUri).create(storeUri, time.clock());
    }
  }
}
