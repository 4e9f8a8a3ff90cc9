package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowScenarioTest {

  @Test
  void run_onMemory_endsAsDesigned() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Docket docket = Docket.connect("memory://")) {
      WorkflowScenario.Outcome o = new WorkflowScenario(docket, "t-", Duration.ofSeconds(10),
          lines::add).run();

      assertThat(WorkflowScenario.problems(o)).isEmpty();
      assertThat(o.callbackRuns()).isEqualTo(1);
      assertThat(o.ticks()).hasSizeGreaterThanOrEqualTo(2).allSatisfy((t, n) ->
          assertThat(n).isEqualTo(1));
    }
    assertThat(lines).anyMatch(l -> l.startsWith("enqueued chain"));
  }

  @Test
  void problems_nameEveryDeviation() {
    WorkflowStatus failed = new WorkflowStatus("w", Workflow.Kind.CHORD,
        WorkflowStatus.State.FAILED, 4, 3, null);
    WorkflowScenario.Outcome bad = new WorkflowScenario.Outcome(failed, "receipt?", failed,
        List.of("cover-64.png"), 2, Map.of(Instant.parse("2030-01-01T00:00:00Z"), 2));

    assertThat(WorkflowScenario.problems(bad))
        .anyMatch(p -> p.startsWith("the order chain should succeed"))
        .anyMatch(p -> p.startsWith("the chord callback should run once"))
        .anyMatch(p -> p.contains("ran 2 times, expected once"))
        .anyMatch(p -> p.startsWith("expected at least 2 cron ticks"));
  }
}
