package dev.docket;

import dev.docket.internal.Completions;
import dev.docket.internal.DocketCore;
import dev.docket.internal.JobRecords;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a job's recorded state and awaits its result, from any process that shares the state
 * store. Get one from {@link Docket#job(JobId)} or {@link Docket#job(TaskType, JobId)}.
 *
 * <pre>{@code
 * EnqueuedJob job = docket.enqueue(REPORT, args);
 * Report report = docket.job(REPORT, job.id()).result(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>States and results are kept for the client's result TTL ({@link
 * Docket.Builder#resultTtl}). Thread-safe; cheap to create.
 *
 * @param <R> the result type
 * @since 0.1
 */
public final class JobHandle<R> {

  /** First pause between store reads while awaiting a result: 5 ms. */
  static final Duration FIRST_POLL = Duration.ofMillis(5);

  /** Longest pause between store reads while awaiting a result: 250 ms. */
  static final Duration MAX_POLL = Duration.ofMillis(250);

  private final JobId id;
  private final Class<R> resultType;
  private final JobRecords records;
  private final JsonMapper mapper;
  private final Completions completions;
  private final TimeSource time;

  JobHandle(JobId id, Class<R> resultType, JobRecords records, JsonMapper mapper,
      Completions completions, TimeSource time) {
    this.id = Objects.requireNonNull(id, "id");
    this.resultType = Objects.requireNonNull(resultType, "resultType");
    this.records = records;
    this.mapper = mapper;
    this.completions = completions;
    this.time = time;
  }

  /** A handle on job {@code id} of {@code core}'s client; needs its store and recorded states. */
  static <R> JobHandle<R> open(DocketCore core, JobId id, Class<R> resultType) {
    Objects.requireNonNull(id, "id");
    JobRecords records = core.requireRecords("job states and results");
    if (!core.recordStates()) {
      throw new InvalidConfigException("job states and results are not recorded by this client:"
          + " it was built with recordStates(false)");
    }
    return new JobHandle<>(id, resultType, records, core.mapper(), core.completions(),
        core.time());
  }

  /** The job id. */
  public JobId id() {
    return id;
  }

  /** The recorded status; empty when none is recorded (unknown id, or its TTL passed). */
  public Optional<JobStatus> status() {
    return records.readState(id);
  }

  /** The recorded state; empty when none is recorded. */
  public Optional<JobState> state() {
    return status().map(JobStatus::state);
  }

  /**
   * The result once the job succeeded, waiting up to {@code timeout} (zero: look once).
   *
   * <p>While it waits it reads the store with a growing pause (5 ms doubling to 250 ms), woken
   * at once when a job ends in this process. The timeout is elapsed time on the client's {@link
   * Docket#time()}: real time, plus any manual advance of a {@code ManualClock}; with one, run the
   * job first and then read the result.
   *
   * @throws JobFailedException when the job ended {@link JobState#FAILURE} or {@link
   *     JobState#DEAD}, carrying the recorded failure
   * @throws ResultTimeoutException when it has not finished within {@code timeout}
   * @throws DocketException when it succeeded but its result is gone (TTL) or does not fit the
   *     result type
   */
  public @Nullable R result(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = time.nanoTime() + Math.max(0, timeout.toNanos());
    long pause = FIRST_POLL.toNanos();
    while (true) {
      long seen = completions.generation();
      Optional<JobStatus> status = status();
      if (status.isPresent()) {
        JobStatus s = status.get();
        switch (s.state()) {
          case SUCCESS -> {
            return read();
          }
          case FAILURE, DEAD -> throw new JobFailedException(id, s.state(),
              Objects.requireNonNull(s.failure(), "failure of a " + s.state() + " record"));
          default -> { }
        }
      }
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        throw new ResultTimeoutException(id, timeout, status.map(s -> s.state() + " (attempt "
            + s.attempt() + ", at " + s.updatedAt() + ")").orElse("none (unknown job id, not"
            + " enqueued through a client with a state store, or its record expired)"));
      }
      try {
        completions.await(seen, Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DocketException("interrupted while awaiting the result of job " + id.value(),
            e);
      }
      pause = Math.min(pause * 2, MAX_POLL.toNanos());
    }
  }

  private @Nullable R read() {
    JsonNode tree = records.readResult(id).orElseThrow(() -> new DocketException("job "
        + id.value() + " succeeded but its result is no longer stored (its TTL passed)"));
    if (resultType == Void.class || tree.isNull()) {
      return null;
    }
    try {
      return mapper.treeToValue(tree, resultType);
    } catch (JacksonException e) {
      throw new JobSerializationException("result of job " + id.value() + " does not fit "
          + resultType.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JobHandle[" + id.value() + "]";
  }
}
