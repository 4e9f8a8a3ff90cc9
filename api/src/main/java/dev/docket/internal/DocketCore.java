package dev.docket.internal;

import dev.docket.EnqueuedJob;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.InvalidConfigException;
import dev.docket.JobInterceptor;
import dev.docket.JobListener;
import dev.docket.QueueStats;
import dev.docket.TaskType;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Docket client is made of: broker, store, time, codec, listeners, job records,
 * interceptors, the enqueue path and the workflow engine. {@code Docket}, {@code Worker} and
 * {@code Scheduler} are facades over one core; everything they share lives here rather than
 * behind package-private getters of the public client. Thread-safe.
 */
public final class DocketCore implements AutoCloseable {

  private final Broker broker;
  private final @Nullable StateStore store;
  private final TimeSource time;
  private final EnvelopeCodec codec;
  private final Listeners listeners;
  private final @Nullable JobRecords records;
  private final Completions completions;
  private final boolean recordStates;
  private final List<JobInterceptor> interceptors;
  private final Enqueuer enqueuer;
  private final WorkflowEngine workflows;
  private final ScheduleRegistry schedules;

  /**
   * A core over an open broker and store (which it closes on {@link #close()}). With a store and
   * {@code recordStates}, job states and results are recorded there for {@code resultTtl}.
   */
  public DocketCore(Broker broker, @Nullable StateStore store, TimeSource time, JsonMapper mapper,
      List<JobListener> listeners, List<JobInterceptor> interceptors, Duration resultTtl,
      boolean recordStates) {
    this.broker = broker;
    this.store = store;
    this.time = time;
    this.completions = new Completions(time);
    this.codec = new EnvelopeCodec(mapper);
    this.records = store == null ? null : new JobRecords(store, mapper, resultTtl);
    this.recordStates = recordStates;
    List<JobListener> all = new ArrayList<>(listeners);
    if (records != null && recordStates) {
      // States are recorded first, so user listeners that read a handle see the new state.
      all.add(0, new StateRecorder(records, completions));
    }
    this.listeners = new Listeners(all);
    this.interceptors = List.copyOf(interceptors);
    this.enqueuer = new Enqueuer(broker, time, codec, this.listeners, this.interceptors);
    this.workflows = new WorkflowEngine(this);
    this.schedules = new ScheduleRegistry(store, time, mapper);
  }

  /** Enqueues every request (with its workflow link, if any); results in request order. */
  public List<EnqueuedJob> enqueue(List<LinkedRequest> requests) {
    return enqueuer.enqueue(requests);
  }

  /** Declares a queue once per client; brokers make this idempotent. */
  public void ensureQueue(String queue) {
    enqueuer.ensureQueue(queue);
  }

  /** {@code queue}, once checked as a queue name and declared. */
  public String declared(String queue) {
    TaskType.validateQueue(queue);
    ensureQueue(queue);
    return queue;
  }

  /** Checks queues against thresholds without declaring them (see {@code Docket.health}). */
  public HealthReport health(HealthThresholds thresholds, String... queues) {
    Instant now = time.instant();
    List<HealthReport.QueueHealth> out = new ArrayList<>();
    for (String q : queues) {
      TaskType.validateQueue(q);
      QueueStats s = broker.stats(q);
      out.add(new HealthReport.QueueHealth(s, s.oldestReadyAge(now)));
    }
    return thresholds.check(out);
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
          + " variable " + DocketSettings.ENV_STORE_URI + ") to e.g. redis://host:6379, or pass one with"
          + " Docket.builder().store(...). With a memory:// broker an in-memory store is used.");
    }
    return store;
  }

  /** The job records, or an {@link InvalidConfigException} naming {@code feature}. */
  public JobRecords requireRecords(String feature) {
    requireStore(feature);
    return Objects.requireNonNull(records, "records exist whenever a store does");
  }

  /** The broker. */
  public Broker broker() {
    return broker;
  }

  /** The state store, if one is configured. */
  public @Nullable StateStore store() {
    return store;
  }

  /** The time source of the client, its workers and scheduler. */
  public TimeSource time() {
    return time;
  }

  /** The envelope codec. */
  public EnvelopeCodec codec() {
    return codec;
  }

  /** The JSON mapper for arguments and results. */
  public JsonMapper mapper() {
    return codec.mapper();
  }

  /** The client's listeners, the state recorder first. */
  public Listeners listeners() {
    return listeners;
  }

  /** The job records, when a store is configured. */
  public @Nullable JobRecords records() {
    return records;
  }

  /** Wakes waiters on job handles when a state is recorded. */
  public Completions completions() {
    return completions;
  }

  /** Whether this client records job states and results. */
  public boolean recordStates() {
    return recordStates;
  }

  /** The client's interceptors, in registration order; workers run them before their own. */
  public List<JobInterceptor> interceptors() {
    return interceptors;
  }

  /** Starts and continues workflows. */
  public WorkflowEngine workflows() {
    return workflows;
  }

  /** The schedules this client's schedulers run, and (with a store) every process's. */
  public ScheduleRegistry schedules() {
    return schedules;
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
}
