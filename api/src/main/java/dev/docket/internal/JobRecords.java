package dev.docket.internal;

import dev.docket.JobFailure;
import dev.docket.spi.FailureJson;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.JobStatus;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes per-job records in the state store: the state ({@code docket:job:<id>:state},
 * JSON), the result ({@code docket:job:<id>:result}, the result as JSON) and the deferral counter
 * ({@code docket:job:<id>:deferrals}). States and results live for the configured TTL. Thread-safe.
 *
 * @param store the store the records live in
 * @param mapper reads and writes the JSON
 * @param ttl how long states and results are kept
 */
public record JobRecords(StateStore store, JsonMapper mapper, Duration ttl) {
  private static final Logger LOG = LoggerFactory.getLogger(JobRecords.class);

  /** Deferral counters outlive any sensible reschedule chain; they are deleted when a job ends. */
  static final Duration DEFERRAL_TTL = Duration.ofDays(7);

  /**
   * Writes a state; with {@code onlyIfAbsent} only when no state is recorded yet. True when
   * written.
   */
  public boolean writeState(JobStatus status, boolean onlyIfAbsent) {
    byte[] bytes = encode(status);
    String key = StoreKeys.jobState(status.id().value());
    if (onlyIfAbsent) {
      return store.putIfAbsent(key, bytes, ttl);
    }
    store.put(key, bytes, ttl);
    return true;
  }

  /** Deletes a recorded result. */
  public void deleteResult(JobId id) {
    store.delete(StoreKeys.jobResult(id.value()));
  }

  /** The recorded state, if any; an unreadable record counts as none (and is logged). */
  public Optional<JobStatus> readState(JobId id) {
    Optional<byte[]> raw = store.get(StoreKeys.jobState(id.value()));
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(id, mapper.readTree(raw.get())));
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      LOG.warn("State record of job {} is unreadable and ignored: {}", id.value(), e.toString());
      return Optional.empty();
    }
  }

  /** Writes a result as JSON. */
  public void writeResult(JobId id, @Nullable Object result) {
    store.put(StoreKeys.jobResult(id.value()), mapper.writeValueAsBytes(result), ttl);
  }

  /** The recorded result as a JSON tree (a null node for a null result), if any. */
  public Optional<JsonNode> readResult(JobId id) {
    return store.get(StoreKeys.jobResult(id.value())).map(mapper::readTree);
  }

  /** How often the job was handed back by a coordination gate (not counted as attempts). */
  public int deferrals(String id) {
    return store.get(StoreKeys.jobDeferrals(id)).map(b -> Integer.parseInt(new String(b,
        java.nio.charset.StandardCharsets.US_ASCII).trim())).orElse(0);
  }

  /** Counts one more deferral of the job. */
  public void addDeferral(String id) {
    store.increment(StoreKeys.jobDeferrals(id), 1, DEFERRAL_TTL);
  }

  /** Forgets the job's deferrals (it ended). */
  public void clearDeferrals(String id) {
    store.delete(StoreKeys.jobDeferrals(id));
  }

  private byte[] encode(JobStatus s) {
    ObjectNode root = mapper.createObjectNode();
    root.put("state", s.state().name());
    root.put("task", s.task());
    root.put("queue", s.queue());
    root.put("attempt", s.attempt());
    root.put("at", s.updatedAt().toString());
    JobFailure f = s.failure();
    if (f != null) {
      FailureJson.write(f, root.putObject("failure"));
    }
    return mapper.writeValueAsBytes(root);
  }

  private static JobStatus decode(JobId id, JsonNode root) {
    JsonNode fn = root.get("failure");
    JobFailure failure = null;
    if (fn != null && fn.isObject()) {
      failure = FailureJson.read(fn);
    }
    return new JobStatus(id, JobState.valueOf(root.get("state").asString()),
        root.get("task").asString(), root.get("queue").asString(), root.get("attempt").asInt(),
        Instant.parse(root.get("at").asString()), failure);
  }
}
