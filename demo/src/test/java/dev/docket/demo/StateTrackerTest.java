package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobFailure;
import dev.docket.JobId;
import dev.docket.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StateTrackerTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final JobId ID = JobId.of("job-1");

  final StateTracker tracker = new StateTracker();

  @Test
  void onEvent_startedBeforeEnqueuedEvent_keepsStartedAndFillsEnqueueTimes() {
    // A worker can start a job before the producer's thread emits Enqueued.
    tracker.onEvent(new JobEvent.Started(ID, "t", "q", T0.plusMillis(2), 1, "w"));
    tracker.onEvent(new JobEvent.Enqueued(ID, "t", "q", T0, T0));

    StateTracker.JobView v = tracker.jobs().get(0);
    assertThat(v.state()).isEqualTo(JobState.STARTED);
    assertThat(v.enqueuedAt()).isEqualTo(T0);
    assertThat(v.startLag()).isEqualTo(Duration.ofMillis(2));
    assertThat(tracker.anomalies()).isEmpty();
  }

  @Test
  void onEvent_retryThenDeadLetter_countsAttemptsAndEndsInFailure() {
    tracker.onEvent(new JobEvent.Enqueued(ID, "t", "q", T0, T0));
    for (int attempt = 1; attempt <= 2; attempt++) {
      tracker.onEvent(new JobEvent.Started(ID, "t", "q", T0, attempt, "w"));
      tracker.onEvent(new JobEvent.Failed(ID, "t", "q", T0, attempt, Duration.ZERO,
          new IllegalStateException("boom " + attempt)));
      if (attempt == 1) {
        tracker.onEvent(new JobEvent.Retried(ID, "t", "q", T0, attempt, Duration.ofSeconds(1)));
      }
    }
    tracker.onEvent(new JobEvent.DeadLettered(ID, "t", "q", T0, new JobFailure(
        FailureReason.RETRIES_EXHAUSTED, "java.lang.IllegalStateException", "boom 2", "", 2, T0,
        "w")));

    StateTracker.JobView v = tracker.jobs().get(0);
    assertThat(v.state()).isEqualTo(JobState.FAILURE);
    assertThat(v.attempts()).isEqualTo(2);
    assertThat(v.deadReason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
    assertThat(tracker.countByState()).containsEntry(JobState.FAILURE, 1);
  }

  @Test
  void onEvent_unknownTaskDeadLetter_isDeadNotFailure() {
    tracker.onEvent(new JobEvent.Enqueued(ID, "t", "q", T0, T0));
    tracker.onEvent(new JobEvent.DeadLettered(ID, "t", "q", T0, new JobFailure(
        FailureReason.UNKNOWN_TASK, "", "no handler", "", 1, T0, "w")));

    assertThat(tracker.jobs().get(0).state()).isEqualTo(JobState.DEAD);
  }

  @Test
  void onEvent_illegalMove_isRecordedNotApplied() {
    tracker.onEvent(new JobEvent.Enqueued(ID, "t", "q", T0, T0));
    tracker.onEvent(new JobEvent.Started(ID, "t", "q", T0, 1, "w"));
    tracker.onEvent(new JobEvent.Succeeded(ID, "t", "q", T0, 1, Duration.ZERO, null));
    tracker.onEvent(new JobEvent.Retried(ID, "t", "q", T0, 1, Duration.ZERO));

    assertThat(tracker.jobs().get(0).state()).isEqualTo(JobState.SUCCESS);
    assertThat(tracker.anomalies()).singleElement().asString().contains("SUCCESS -> RETRY");
  }

  @Test
  void awaitTerminal_unfinishedJob_timesOutNamingIt() {
    tracker.onEvent(new JobEvent.Enqueued(ID, "email.send", "q", T0, T0));

    assertThatThrownBy(() -> tracker.awaitTerminal(List.of(ID, JobId.of("job-2")),
        Duration.ofMillis(50)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("2 of 2 jobs did not finish")
        .hasMessageContaining("job-1 email.send PENDING")
        .hasMessageContaining("job-2 (no event yet)");
  }

  @Test
  void awaitTerminal_finishedJobs_returnsAtOnce() throws Exception {
    tracker.onEvent(new JobEvent.Enqueued(ID, "t", "q", T0, T0));
    tracker.onEvent(new JobEvent.Started(ID, "t", "q", T0, 1, "w"));
    tracker.onEvent(new JobEvent.Succeeded(ID, "t", "q", T0, 1, Duration.ZERO, null));

    tracker.awaitTerminal(List.of(ID), Duration.ZERO);
  }
}
