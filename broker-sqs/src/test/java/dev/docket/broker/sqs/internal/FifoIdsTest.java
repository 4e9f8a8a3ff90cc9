package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import org.junit.jupiter.api.Test;

class FifoIdsTest {

  @Test
  void firstEnqueue_isTheJobId_butNotAgainWithinTheSqsWindow() {
    FifoIds ids = new FifoIds(FifoGroup.JOB, false);
    assertThat(ids.firstEnqueue("q", "order-1", 0)).isEqualTo("order-1");
    String again = ids.firstEnqueue("q", "order-1", 60_000);
    assertThat(again).as("a re-enqueue after a settle must not be swallowed by SQS")
        .startsWith("order-1:u:");
    assertThat(ids.firstEnqueue("q", "order-1", 60_001)).isNotEqualTo(again);
    assertThat(ids.firstEnqueue("other", "order-1", 60_000)).isEqualTo("order-1");
    assertThat(ids.firstEnqueue("q", "order-1", FifoIds.DEDUP_WINDOW_MILLIS + 1))
        .as("after the window").isEqualTo("order-1");
  }

  @Test
  void withASharedIdStore_everyEnqueueIsUnique() {
    FifoIds ids = new FifoIds(FifoGroup.JOB, true);
    String a = ids.firstEnqueue("q", "order-1", 0);
    assertThat(a).startsWith("order-1:u:").isNotEqualTo(ids.firstEnqueue("q", "order-1", 0));
  }

  @Test
  void moves_areKeyedOnTheSqsMessage_andGroupsFollowTheGrouping() {
    assertThat(FifoIds.move("mv", "job-1", "m-1")).isEqualTo("job-1:mv:m-1")
        .isNotEqualTo(FifoIds.move("mv", "job-1", "m-2"))
        .isNotEqualTo(FifoIds.move("rp", "job-1", "m-1"));
    assertThat(new FifoIds(FifoGroup.JOB, false).group("orders", "job-1")).isEqualTo("job-1");
    assertThat(new FifoIds(FifoGroup.QUEUE, false).group("orders", "job-1")).isEqualTo("orders");
  }

  @Test
  void idsSqsWouldRefuse_areHashed() {
    String spaced = FifoIds.token("job with spaces");
    assertThat(spaced).matches("#[0-9a-f]{64}");
    assertThat(FifoIds.token("é")).matches("#[0-9a-f]{64}").isNotEqualTo(spaced);
    String longId = "x".repeat(128);
    assertThat(FifoIds.token(longId)).isEqualTo(longId);
    assertThat(FifoIds.move("mv", longId, "m")).matches("#[0-9a-f]{64}");
  }
}
