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
}
