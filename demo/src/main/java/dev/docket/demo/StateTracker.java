package dev.docket.demo;

import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobId;
import dev.docket.JobListener;
import dev.docket.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows every job's {@link JobState} from {@link JobEvent}s and lets a caller wait until a set
 * of jobs has finished. Thread-safe: events arrive on the client's and the worker's threads.
 */
final class StateTracker implements JobListener {

  /** What the tracker knows about one job. */
  record JobView(
      JobId id,
      String task,
      String queue,
      JobState state,
      int attempts,
      Instant enqueuedAt,
      Instant dueAt,
      Instant firstStartedAt,
      int startOrder,
      String lastError,
      FailureReason deadReason) {

    /** How long after its due time the job first started, or {@code null}. */
    Duration startLag() {
      if (dueAt == null || firstStartedAt == null) {
        return null;
      }
      return Duration.between(dueAt, firstStartedAt);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<JobId, JobView> jobs = new LinkedHashMap<>();
  private final List<String> anomalies = new ArrayList<>();
  private int starts;

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      JobView old = jobs.get(event.jobId());
      JobView next = switch (event) {
        case JobEvent.Enqueued e -> enqueued(old, e);
        case JobEvent.Started e -> started(old, e);
        case JobEvent.Succeeded e -> move(old, e, JobState.SUCCESS, null, null);
        case JobEvent.Failed e -> withError(old, e, e.error().toString());
        case JobEvent.HandlerStuck e -> withError(old, e, "handler stuck past its timeout of "
            + e.timeout());
        case JobEvent.Retried e -> move(old, e, JobState.RETRY, null, null);
        case JobEvent.DeadLettered e -> move(old, e, deadState(e.failure().reason()),
            e.failure().message(), e.failure().reason());
      };
      jobs.put(event.jobId(), next);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A failure with a handler verdict is FAILURE; one without (bad body, unknown task) DEAD. */
  private static JobState deadState(FailureReason reason) {
    return reason == FailureReason.RETRIES_EXHAUSTED || reason == FailureReason.NON_RETRYABLE
        ? JobState.FAILURE : JobState.DEAD;
  }

  private JobView enqueued(JobView old, JobEvent.Enqueued e) {
    if (old != null) {
      // The client emits Enqueued after the broker stored the job, so a fast worker may have
      // started it already: keep the later state, just fill in the enqueue times.
      return new JobView(old.id(), old.task(), old.queue(), old.state(), old.attempts(), e.at(),
          e.dueAt(), old.firstStartedAt(), old.startOrder(), old.lastError(), old.deadReason());
    }
    return new JobView(e.jobId(), e.task(), e.queue(), JobState.PENDING, 0, e.at(), e.dueAt(),
        null, 0, null, null);
  }

  private JobView started(JobView old, JobEvent.Started e) {
    JobView base = old != null ? old : blank(e);
    JobState state = legal(base, JobState.STARTED);
    boolean first = base.firstStartedAt() == null;
    return new JobView(base.id(), base.task(), base.queue(), state,
        Math.max(base.attempts(), e.attempt()), base.enqueuedAt(), base.dueAt(),
        first ? e.at() : base.firstStartedAt(), first ? ++starts : base.startOrder(),
        base.lastError(), base.deadReason());
  }

  private JobView move(JobView old, JobEvent e, JobState target, String error,
      FailureReason reason) {
    JobView base = old != null ? old : blank(e);
    return new JobView(base.id(), base.task(), base.queue(), legal(base, target),
        base.attempts(), base.enqueuedAt(), base.dueAt(), base.firstStartedAt(),
        base.startOrder(), error != null ? error : base.lastError(),
        reason != null ? reason : base.deadReason());
  }

  private static JobView withError(JobView old, JobEvent e, String error) {
    JobView base = old != null ? old : blank(e);
    return new JobView(base.id(), base.task(), base.queue(), base.state(), base.attempts(),
        base.enqueuedAt(), base.dueAt(), base.firstStartedAt(), base.startOrder(), error,
        base.deadReason());
  }

  private static JobView blank(JobEvent e) {
    return new JobView(e.jobId(), e.task(), e.queue(), JobState.PENDING, 0, null, null, null, 0,
        null, null);
  }

  /** The target state if the state machine allows it; otherwise the move is recorded. */
  private JobState legal(JobView job, JobState target) {
    if (job.state().canMoveTo(target)) {
      return target;
    }
    anomalies.add("job " + job.id() + " (" + job.task() + "): " + job.state() + " -> " + target);
    return job.state();
  }

  /**
   * Waits until every job of {@code ids} is in a terminal state.
   *
   * @throws TimeoutException after {@code timeout}, naming every job still unfinished
   */
  void awaitTerminal(Collection<JobId> ids, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        List<String> open = new ArrayList<>();
        for (JobId id : ids) {
          JobView v = jobs.get(id);
          if (v == null || !v.state().isTerminal()) {
            open.add(id + " " + (v == null ? "(no event yet)" : v.task() + " " + v.state()));
          }
        }
        if (open.isEmpty()) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(open.size() + " of " + ids.size() + " jobs did not finish"
              + " within " + timeout + ": " + String.join("; ", open));
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Every job seen, in the order first seen. */
  List<JobView> jobs() {
    lock.lock();
    try {
      return List.copyOf(jobs.values());
    } finally {
      lock.unlock();
    }
  }

  /** How many jobs are in each state (every state listed, zeros included). */
  Map<JobState, Integer> countByState() {
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0);
    }
    jobs().forEach(j -> counts.merge(j.state(), 1, Integer::sum));
    return counts;
  }

  /** Events that broke the state machine (none expected); empty when all was well. */
  List<String> anomalies() {
    lock.lock();
    try {
      return List.copyOf(anomalies);
    } finally {
      lock.unlock();
    }
  }
}
