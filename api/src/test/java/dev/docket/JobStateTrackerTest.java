package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobStateTrackerTest {
  private final JobStateTracker tracker = new JobStateTracker();
  private final JobId id = JobId.of("j1");
  private final Instant at = Instant.parse("2030-01-01T00:00:00Z");

  private void started(int attempt) {
    tracker.onEvent(new JobEvent.Started(id, "t", "q", at, attempt, "w"));
  }

  @Test
  void happyPath_endsInSuccess() {
    tracker.onEvent(new JobEvent.Enqueued(id, "t", "q", at, at));
    assertThat(tracker.state(id)).contains(JobState.PENDING);
    started(1);
    tracker.onEvent(new JobEvent.Succeeded(id, "t", "q", at, 1, Duration.ZERO, "r"));
    assertThat(tracker.state(id)).contains(JobState.SUCCESS);
    assertThat(tracker.violations()).isEmpty();
    assertThat(tracker.counts()).containsEntry(JobState.SUCCESS, 1L);
  }

  @Test
  void deadLetterReason_decidesFailureOrDead() {
    tracker.onEvent(new JobEvent.Enqueued(id, "t", "q", at, at));
    started(1);
    tracker.onEvent(new JobEvent.DeadLettered(id, "t", "q", at, new JobFailure(
        FailureReason.NON_RETRYABLE, "E", "m", "", 1, at, "w")));
    assertThat(tracker.state(id)).contains(JobState.FAILURE);
    JobId other = JobId.of("j2");
    tracker.onEvent(new JobEvent.Enqueued(other, "t", "q", at, at));
    tracker.onEvent(new JobEvent.DeadLettered(other, "t", "q", at, new JobFailure(
        FailureReason.UNKNOWN_TASK, "", "m", "", 1, at, "w")));
    assertThat(tracker.state(other)).contains(JobState.DEAD);
  }

  @Test
  void illegalMove_isRecordedAsAViolation() {
    tracker.onEvent(new JobEvent.Enqueued(id, "t", "q", at, at));
    tracker.onEvent(new JobEvent.Succeeded(id, "t", "q", at, 1, Duration.ZERO, null));
    assertThat(tracker.violations()).containsExactly("j1: PENDING -> SUCCESS on Succeeded");
  }

  @Test
  void runAfterSuccess_isADuplicateNotANewLife() {
    tracker.onEvent(new JobEvent.Enqueued(id, "t", "q", at, at));
    started(1);
    tracker.onEvent(new JobEvent.Succeeded(id, "t", "q", at, 1, Duration.ZERO, null));
    started(2);
    assertThat(tracker.state(id)).contains(JobState.SUCCESS);
    assertThat(tracker.duplicateRuns()).isEqualTo(1);
  }

  @Test
  void lateEnqueued_afterAFastWorkerStartedTheJob_changesNothing() {
    started(1);
    tracker.onEvent(new JobEvent.Enqueued(id, "t", "q", at, at));
    tracker.onEvent(new JobEvent.Succeeded(id, "t", "q", at, 1, Duration.ZERO, null));
    assertThat(tracker.state(id)).contains(JobState.SUCCESS);
    assertThat(tracker.violations()).isEmpty();
  }
}
