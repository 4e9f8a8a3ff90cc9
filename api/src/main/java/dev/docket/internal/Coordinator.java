package dev.docket.internal;

import dev.docket.TaskType;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate a job of a coordinated task passes before its body runs: idempotency claim, singleton
 * lock, a global concurrency permit, a rate-limit slot, in that order. Everything it holds is a
 * store key with an owner token and a TTL of one worker lease, extended by the worker's lease
 * keeper while the job runs, released by compare-and-delete with the token (so only the owner
 * releases), and left to expire if the worker dies.
 *
 * <p>Each step is a gate of its own ({@link IdempotencyGate}, {@link SingletonGate}, {@link
 * PermitGate}, {@link RateLimitGate}); their keys are in {@link StoreKeys}. Thread-safe.
 */
public final class Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  private final StateStore store;
  private final JobRecords records;
  private final JsonMapper mapper;
  private final String workerId;
  private final Duration lease;
  /** Idempotency, singleton, permit, rate limit: the order in which a job acquires. */
  private final List<CoordinationGate> gates;

  /** A gate for one worker whose jobs hold leases of {@code lease}. */
  public Coordinator(JobRecords records, JsonMapper mapper, String workerId, Duration lease) {
    this.records = records;
    this.store = records.store();
    this.mapper = mapper;
    this.workerId = workerId;
    this.lease = lease;
    this.gates = List.of(
        CoordinationGate.forSetting(TaskType::idempotency,
            new IdempotencyGate(store, mapper, lease)),
        CoordinationGate.forSetting(TaskType::singleton, new SingletonGate(store, lease)),
        CoordinationGate.forSetting(TaskType::concurrencyLimit, new PermitGate(store, lease)),
        CoordinationGate.forSetting(TaskType::rateLimit, new RateLimitGate(store)));
  }

  /**
   * The gate of a worker's coordinated tasks, or null when none of {@code tasks} needs the
   * store. Fails now, naming the tasks, when there is no store: at registration, rather than
   * letting each worker coordinate with itself.
   */
  public static @Nullable Coordinator forTasks(DocketCore core,
      Collection<RegisteredTask> tasks, String workerId, Duration lease) {
    List<String> coordinated = tasks.stream().filter(t -> t.type().needsStore())
        .map(t -> t.type().name()).toList();
    if (coordinated.isEmpty()) {
      return null;
    }
    return new Coordinator(core.requireRecords("idempotency keys, singleton locks, concurrency"
        + " and rate limits (tasks " + coordinated + ")"), core.mapper(), workerId, lease);
  }

  /** The job records (states, results, deferrals). */
  public JobRecords records() {
    return records;
  }

  /** What the gate decided. */
  public sealed interface Gate {
    /** Run the body; release {@code held} afterwards through {@link #exit}. */
    record Proceed(List<Held> held, @Nullable Held idempotency, @Nullable Duration idemTtl)
        implements Gate {}

    /** The idempotency key already succeeded: finish with this result, body not run. */
    record Replay(JsonNode result) implements Gate {}

    /** A singleton with {@link dev.docket.OnConflict#SKIP} found its lock taken: finish, body not run. */
    record Skip(String why) implements Gate {}

    /** Hand the job back to run after {@code delay}; not an attempt. */
    record Defer(Duration delay, String why) implements Gate {}
  }

  /** A store key held with an owner token. */
  public record Held(String key, byte[] token) {}

  /**
   * Decides whether job {@code jobId} of {@code task} may run now: the gates in order, each of
   * which may stop it. Holds what it acquired only when it answers {@link Gate.Proceed}; every
   * other answer released it already. {@code flight} gets a heartbeat that extends what is held.
   */
  public Gate enter(InFlight flight, TaskType<?, ?> task, Object args, Instant now) {
    @SuppressWarnings("unchecked")
    TaskType<Object, ?> t = (TaskType<Object, ?>) task;
    GateEntry entry = new GateEntry(t, args, now, workerId + ":" + UUID.randomUUID());
    for (CoordinationGate gate : gates) {
      Gate stop = gate.pass(entry);
      if (stop != null) {
        release(entry.held, entry.idempotency);
        return stop;
      }
    }
    List<Held> all = new ArrayList<>(entry.held);
    if (entry.idempotency != null) {
      all.add(entry.idempotency);
    }
    if (!all.isEmpty()) {
      flight.onHeartbeat(() -> extend(all));
    }
    return new Gate.Proceed(List.copyOf(entry.held), entry.idempotency, entry.idempotencyTtl);
  }

  /**
   * Ends a run that passed the gate: records the idempotent result on success (or frees the
   * key on failure), then releases the lock and permit. Never throws; a failure here only means
   * the keys expire on their own.
   */
  public void exit(Gate.Proceed p, boolean success, @Nullable Object result) {
    try {
      Held idem = p.idempotency();
      if (idem != null) {
        if (success) {
          store.put(idem.key(), IdempotencyGate.tagged(IdempotencyGate.DONE, mapper.writeValueAsBytes(result)),
              Objects.requireNonNull(p.idemTtl()));
        } else {
          store.compareAndDelete(idem.key(), idem.token());
        }
      }
      release(p.held(), null);
    } catch (RuntimeException e) {
      LOG.warn("Worker {} could not release coordination keys {}; they expire after {}",
          workerId, p.held().stream().map(Held::key).toList(), lease, e);
    }
  }

  /** Counts a deferral of job {@code jobId}, so it is not taken for a failed attempt. */
  public void recordDeferral(String jobId) {
    records.addDeferral(jobId);
  }

  private void release(List<Held> held, @Nullable Held idem) {
    for (Held h : held) {
      store.compareAndDelete(h.key(), h.token());
    }
    if (idem != null) {
      store.compareAndDelete(idem.key(), idem.token());
    }
  }

  private void extend(List<Held> held) {
    for (Held h : held) {
      if (!store.compareAndExpire(h.key(), h.token(), lease)) {
        LOG.warn("Worker {} no longer holds {}; it expired or another owner took it", workerId,
            h.key());
      }
    }
  }

}
