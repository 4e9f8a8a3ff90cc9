package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.FailureReason;
import dev.docket.JobState;
import dev.docket.QueueStats;
import dev.docket.demo.DemoScenario.Outcome;
import dev.docket.demo.DemoScenario.PrioritisedJob;
import dev.docket.demo.StateTracker.JobView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {
  static final Duration DELAY = Duration.ofMillis(300);

  static StateTracker tracker;
  static Outcome outcome;
  static Map<dev.docket.JobId, JobView> jobs;

  /** One real run on memory:// (real clock, real worker threads) shared by the assertions. */
  @BeforeAll
  static void runScenario() throws Exception {
    tracker = new StateTracker();
    try (Docket docket = Docket.builder().uri("memory://").listener(tracker).build()) {
      outcome = new DemoScenario(docket, tracker,
          new DemoScenario.Settings("", 4, DELAY, Duration.ofSeconds(20)), line -> { }).run();
    }
    jobs = tracker.jobs().stream().collect(Collectors.toMap(JobView::id, Function.identity()));
  }

  @Test
  void run_everyJob_endsInSuccessExceptThePayment() {
    assertThat(outcome.jobIds()).hasSize(14).doesNotHaveDuplicates();
    assertThat(tracker.countByState())
        .containsEntry(JobState.SUCCESS, 13)
        .containsEntry(JobState.FAILURE, 1)
        .containsEntry(JobState.PENDING, 0)
        .containsEntry(JobState.STARTED, 0)
        .containsEntry(JobState.RETRY, 0)
        .containsEntry(JobState.DEAD, 0);
    assertThat(jobs.get(outcome.failing()).state()).isEqualTo(JobState.FAILURE);
    assertThat(tracker.anomalies()).isEmpty();
  }

  @Test
  void run_failingPayment_exhaustsItsRetriesAndIsTheOnlyDeadLetter() {
    assertThat(outcome.deadJobs()).singleElement().satisfies(dead -> {
      assertThat(dead.id()).isEqualTo(outcome.failing());
      assertThat(dead.task()).isEqualTo(PaymentTasks.CHARGE);
      assertThat(dead.queue()).isEqualTo("default");
      assertThat(dead.failure().reason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
      assertThat(dead.failure().attempts()).isEqualTo(3);
      assertThat(dead.failure().errorClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(dead.failure().message()).contains("card declined", "attempt 3 of 3");
    });
    assertThat(jobs.get(outcome.failing()).attempts()).isEqualTo(3);
  }

  @Test
  void run_flakyJob_succeedsOnItsRetry() {
    JobView flaky = jobs.get(outcome.flaky());
    assertThat(flaky.state()).isEqualTo(JobState.SUCCESS);
    assertThat(flaky.attempts()).isEqualTo(2);
    assertThat(flaky.lastError()).contains("warehouse API timed out");
  }

  @Test
  void run_reports_runInQueueOrderThenMessagePriority() {
    List<String> order = outcome.prioritised().stream()
        .sorted(Comparator.comparingInt(p -> jobs.get(p.id()).startOrder()))
        .map(PrioritisedJob::report)
        .toList();
    assertThat(order).containsExactly(
        "board-deck", "ops-daily", "weekly-sales", "archive-2020", "archive-2019");
  }

  @Test
  void run_delayedJobs_neverStartBeforeTheirDueTime() {
    assertThat(outcome.delayed()).hasSize(2).allSatisfy(id -> {
      JobView v = jobs.get(id);
      assertThat(Duration.between(v.enqueuedAt(), v.dueAt())).isEqualTo(DELAY);
      assertThat(v.startLag().isNegative()).as("started before due").isFalse();
    });
  }

  @Test
  void run_stats_showEmptyQueuesAndOneDeadLetter() {
    assertThat(outcome.stats()).extracting(QueueStats::queue)
        .containsExactly("high", "default", "low");
    assertThat(outcome.stats()).allSatisfy(s -> assertThat(s.total()).isZero());
    assertThat(outcome.stats()).extracting(QueueStats::dead).containsExactly(0L, 1L, 0L);
    assertThat(outcome.health().healthy()).isFalse();
    assertThat(outcome.health().problems()).singleElement().asString()
        .contains("'default'", "1 dead");
  }

  @Test
  void problems_ofThisRun_areNone() {
    assertThat(Demo.problems(outcome, tracker)).isEmpty();
  }

  @Test
  void report_printsEverySection() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DemoReport(outcome, tracker).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
        "Priorities", "Delayed jobs", "Retries", "Dead-letter queues (1 job)", "Queue stats",
        "Job states", "SUCCESS  13", "FAILURE  1", "total    14", "Health: UNHEALTHY");
  }
}
