package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The ring of recent workflows: newest first, paged, bounded, laps and expired ones skipped. */
class WorkflowLogTest {

  private final MapStore store = new MapStore();
  private final WorkflowLog log = new WorkflowLog(JsonMapper.builder().build(), 3);
  private final Instant t0 = Instant.parse("2026-12-06T00:00:00Z");

  private void start(String id, int second) {
    log.record(store, new EnqueuedWorkflow(id, Workflow.Kind.CHAIN, List.of()),
        t0.plusSeconds(second), Duration.ofDays(7));
  }

  private List<String> ids(int offset, int limit) {
    return log.recent(store, offset, limit, id -> id.startsWith("gone") ? Optional.empty()
        : Optional.of(new WorkflowStatus(id, Workflow.Kind.CHAIN, WorkflowStatus.State.RUNNING,
            2, 0, null))).stream().map(RecentWorkflow::id).toList();
  }

  @Test
  void newestFirst_pagedByOffsetAndLimit() {
    start("a", 1);
    start("b", 2);
    assertThat(ids(0, 10)).containsExactly("b", "a");
    assertThat(ids(1, 10)).containsExactly("a");
    assertThat(ids(0, 1)).containsExactly("b");
    assertThat(ids(2, 10)).isEmpty();
    assertThat(log.recent(store, 0, 1, id -> Optional.of(new WorkflowStatus(id,
        Workflow.Kind.CHAIN, WorkflowStatus.State.RUNNING, 2, 0, null))).get(0).started())
        .isEqualTo(t0.plusSeconds(2));
  }

  @Test
  void boundedToItsSlots_andOlderLapsAreNeverShown() {
    for (int i = 0; i < 5; i++) {
      start("w" + i, i);
    }
    assertThat(ids(0, 10)).as("the ring keeps 3").containsExactly("w4", "w3", "w2");
    assertThat(store.size()).as("keys: the counter and 3 slots").isEqualTo(4);
  }

  @Test
  void expiredWorkflowsAreLeftOut_andNegativePagingRefused() {
    start("a", 1);
    start("gone-1", 2);
    start("b", 3);
    assertThat(ids(0, 2)).containsExactly("b", "a");
    assertThatThrownBy(() -> ids(-1, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
  }

  @Test
  void aSlotBeingWrittenIsSkipped() {
    start("a", 1);
    // A producer took number 2 but has not written its slot yet: slot 2 still holds nothing.
    store.increment(StoreKeys.workflowRecentSeq(), 1, null);
    assertThat(ids(0, 10)).containsExactly("a");
  }

  @Test
  void aSlotStillHoldingAnOlderLapIsSkipped() {
    for (int i = 0; i < 5; i++) {
      start("w" + i, i);
    }
    // Number 6 is taken but not written: its slot still holds number 3 (w2), which is not 6.
    store.increment(StoreKeys.workflowRecentSeq(), 1, null);
    assertThat(ids(0, 10)).containsExactly("w4", "w3");
  }
}
