package dev.docket.internal;

import dev.docket.OnConflict;
import dev.docket.TaskType;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
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
 * <p>Keys: {@code docket:idem:<task>:<key>} ({@code R<token>} while a first run is in progress,
 * {@code D<result JSON>} once it succeeded, for the idempotency TTL), {@code
 * docket:lock:<task>[:<key>]}, {@code docket:permit:<task>:<i>} for i below the limit, {@code
 * docket:rate:<task>:<window index>}. Thread-safe.
 */
public final class Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  private static final byte RUNNING = 'R';
  private static final byte DONE = 'D';

  private final StateStore store;
  private final JobRecords records;
  private final JsonMapper mapper;
  private final String workerId;
  private final Duration lease;

  /** A gate for one worker whose jobs hold leases of {@code lease}. */
  public Coordinator(JobRecords records, JsonMapper mapper, String workerId, Duration lease) {
    this.records = records;
    this.store = records.store();
    this.mapper = mapper;
    this.workerId = workerId;
    this.lease = lease;
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

    /** A singleton with {@link OnConflict#SKIP} found its lock taken: finish, body not run. */
    record Skip(String why) implements Gate {}

    /** Hand the job back to run after {@code delay}; not an attempt. */
    record Defer(Duration delay, String why) implements Gate {}
  }

  /** A store key held with an owner token. */
  public record Held(String key, byte[] token) {}

  /**
   * Decides whether job {@code jobId} of {@code task} may run now. Holds what it acquired only
   * when it answers {@link Gate.Proceed}; every other answer released it already. {@code flight}
   * gets a heartbeat that extends what is held.
   */
  public Gate enter(InFlight flight, TaskType<?, ?> task, Object args, Instant now) {
    @SuppressWarnings("unchecked")
    TaskType<Object, ?> t = (TaskType<Object, ?>) task;
    String name = t.name();
    String token = workerId + ":" + UUID.randomUUID();
    List<Held> held = new ArrayList<>();
    Held idem = null;
    Duration idemTtl = null;

    var idempotency = t.idempotency().orElse(null);
    if (idempotency != null) {
      String key = StoreKeys.idempotency(name,
          userKey(idempotency.key(), args, "idempotency"));
      byte[] claim = tagged(RUNNING, token.getBytes(StandardCharsets.UTF_8));
      if (!store.putIfAbsent(key, claim, lease)) {
        byte[] current = store.get(key).orElse(null);
        if (current != null && current.length > 0 && current[0] == DONE) {
          return new Gate.Replay(mapper.readTree(Arrays.copyOfRange(current, 1,
              current.length)));
        }
        if (current != null || !store.putIfAbsent(key, claim, lease)) {
          return new Gate.Defer(TaskType.DEFAULT_RETRY_DELAY, "a job with idempotency key "
              + key + " is running elsewhere");
        }
      }
      idem = new Held(key, claim);
      idemTtl = idempotency.ttl();
    }

    var singleton = t.singleton().orElse(null);
    if (singleton != null) {
      String k = userKey(singleton.key(), args, "singleton");
      String key = StoreKeys.lock(name, k);
      byte[] owner = token.getBytes(StandardCharsets.UTF_8);
      if (!store.putIfAbsent(key, owner, lease)) {
        release(held, idem);
        String why = "singleton lock " + key + " is held by another job";
        return singleton.onConflict() == OnConflict.SKIP ? new Gate.Skip(why)
            : new Gate.Defer(singleton.retryDelay(), why);
      }
      held.add(new Held(key, owner));
    }

    var limit = t.concurrencyLimit().orElse(null);
    if (limit != null) {
      byte[] owner = token.getBytes(StandardCharsets.UTF_8);
      int n = limit.permits();
      int start = ThreadLocalRandom.current().nextInt(n);
      Held permit = null;
      for (int i = 0; i < n && permit == null; i++) {
        String key = StoreKeys.permit(name, (start + i) % n);
        if (store.putIfAbsent(key, owner, lease)) {
          permit = new Held(key, owner);
        }
      }
      if (permit == null) {
        release(held, idem);
        return new Gate.Defer(limit.retryDelay(), "all " + n + " concurrency permits of task '"
            + name + "' are taken");
      }
      held.add(permit);
    }

    var rate = t.rateLimit().orElse(null);
    if (rate != null) {
      long windowMillis = rate.window().toMillis();
      long index = Math.floorDiv(now.toEpochMilli(), windowMillis);
      // The counter outlives its window so skewed clocks of other workers still find it.
      long count = store.increment(StoreKeys.rate(name, index), 1,
          rate.window().multipliedBy(2));
      if (count > rate.permits()) {
        release(held, idem);
        long untilNext = (index + 1) * windowMillis - now.toEpochMilli();
        return new Gate.Defer(Duration.ofMillis(Math.max(1, untilNext)), "rate limit of task '"
            + name + "' (" + rate.permits() + " per " + rate.window() + ") reached");
      }
    }

    List<Held> all = new ArrayList<>(held);
    if (idem != null) {
      all.add(idem);
    }
    if (!all.isEmpty()) {
      flight.onHeartbeat(() -> extend(all));
    }
    return new Gate.Proceed(List.copyOf(held), idem, idemTtl);
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
          store.put(idem.key(), tagged(DONE, mapper.writeValueAsBytes(result)),
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

  private static String userKey(Function<? super Object, String> fn, Object args, String what) {
    String k = fn.apply(args);
    if (k == null) {
      throw new IllegalArgumentException("the " + what + " key function returned null for "
          + args);
    }
    return k;
  }

  private static byte[] tagged(byte tag, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = tag;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
