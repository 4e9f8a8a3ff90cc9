package dev.docket.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A few hundred jobs through each subject: the harness itself works, not how fast it is. */
class SubjectsTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void everySubject_runsEveryJobOfEveryMeasurement() throws Exception {
    for (Subject s : List.of(
        new DocketSubject(Docket.connect("memory://"), 2, 4, "test-"),
        new BaselineSubject(8))) {
      try (s) {
        assertThat(s.bulkEnqueue(300, 100)).as(s.name() + " bulk").isPositive();
        assertThat(s.endToEnd(300, 100, TIMEOUT)).as(s.name() + " e2e").isPositive();
        Subject.LatencyRun run = s.latency(50, 500, TIMEOUT);
        assertThat(run.nanos()).as(s.name() + " latency").hasSize(50)
            .doesNotContain(0L);
        assertThat(run.sentPerSecond()).isPositive();
      }
    }
  }

  @Test
  void sqsSubjects_runEveryJob_andCountRequests() throws Exception {
    try (SqsTarget target = SqsTarget.open(SqsTarget.EMBEDDED, System.out)) {
      try (SqsSubject docket = new SqsSubject(target, 2, 4, "test-", System.out);
          RawSqsSubject raw = new RawSqsSubject(target, 2, "test-", System.out)) {
        for (Subject s : List.of(docket, raw)) {
          assertThat(s.endToEnd(200, 100, TIMEOUT)).as(s.name() + " e2e").isPositive();
          assertThat(s.latency(20, 200, TIMEOUT).nanos()).as(s.name() + " latency").hasSize(20)
              .doesNotContain(0L);
        }
        // 200 jobs in batches of ten: at least 20 sends, and a receive or delete per ten.
        for (RequestLog log : List.of(docket.requests(), raw.requests())) {
          RequestLog.Run e2e = log.last().get("end-to-end");
          assertThat(e2e.byOperation().get("SendMessageBatch")).isEqualTo(20);
          assertThat(e2e.byOperation().get("ReceiveMessage")).isGreaterThanOrEqualTo(20);
          assertThat(e2e.perJob()).isBetween(0.25, 2.0);
        }
      }
    }
  }
}
