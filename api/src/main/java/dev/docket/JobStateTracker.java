package dev.docket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link JobListener} that follows each job through {@link JobState}s in this process, checking
 * every move against the state table and recording illegal ones in {@link #violations()}. For tests, demos and single-process tools; shared,
 * cross-process state needs a state store. Thread-safe.
 *
 * @since 0.1
 */
public final class JobStateTracker implements JobListener {
  private final Map<JobId, JobState> states = new LinkedHashMap<>();
  private final List<JobEvent> events = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private int duplicateRuns;

  /** An empty tracker. */
  public JobStateTracker() {}

  @Override
  public synchronized void onEvent(JobEvent event) {
    events.add(event);
    JobState current = states.get(event.jobId());
    if (event instanceof JobEvent.Enqueued && current != null) {
      // The client reports Enqueued after the broker confirmed; a fast worker may already have
      // started the job, so a late Enqueued carries no news.
      return;
    }
    JobState next = switch (event) {
      case JobEvent.Enqueued e -> JobState.PENDING;
      case JobEvent.Started e -> JobState.STARTED;
      case JobEvent.Succeeded e -> JobState.SUCCESS;
      case JobEvent.Failed e -> null;
      case JobEvent.HandlerStuck e -> null;
      case JobEvent.Retried e -> JobState.RETRY;
      case JobEvent.DeadLettered e -> switch (e.failure().reason()) {
        case RETRIES_EXHAUSTED, NON_RETRYABLE -> JobState.FAILURE;
        case UNDECODABLE, UNKNOWN_TASK, DELIVERY_LIMIT -> JobState.DEAD;
      };
    };
    if (next == null) {
      return;
    }
    if (current == null) {
      // First sight of a job enqueued elsewhere: take the state as reported.
      states.put(event.jobId(), next);
      return;
    }
    if (current == JobState.SUCCESS) {
      // At-least-once: a duplicate delivery may run a finished job again; the first success
      // stands, and the repeat is counted, not treated as a new life of the job.
      if (next == JobState.STARTED) {
        duplicateRuns++;
      }
      return;
    }
    if (current.isTerminal() && next == JobState.STARTED) {
      current = JobState.PENDING; // replayed from the dead-letter queue
    }
    if (!current.canMoveTo(next)) {
      violations.add(event.jobId() + ": " + current + " -> " + next + " on "
          + event.getClass().getSimpleName());
    }
    states.put(event.jobId(), next);
  }

  /** Illegal moves seen (empty unless a broker or the runtime broke the state machine). */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Runs of jobs that had already succeeded: duplicates allowed by at-least-once delivery. */
  public synchronized int duplicateRuns() {
    return duplicateRuns;
  }

  /** The state of a job, if this tracker saw it. */
  public synchronized Optional<JobState> state(JobId id) {
    return Optional.ofNullable(states.get(id));
  }

  /** Every job seen, in first-seen order, with its state. */
  public synchronized Map<JobId, JobState> states() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  /** Number of jobs per state. */
  public synchronized Map<JobState, Long> counts() {
    Map<JobState, Long> out = new LinkedHashMap<>();
    for (JobState s : JobState.values()) {
      out.put(s, 0L);
    }
    states.values().forEach(s -> out.merge(s, 1L, Long::sum));
    return out;
  }

  /** Every event seen, in order. */
  public synchronized List<JobEvent> events() {
    return List.copyOf(events);
  }

  /** Events of one type, in order. */
  public synchronized <T extends JobEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
