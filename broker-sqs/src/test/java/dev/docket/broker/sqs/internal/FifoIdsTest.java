package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import org.junit.jupiter.api.Test;

class FifoIdsTest {

  @Test
  void everyEnqueue_getsItsOwnDeduplicationId() {
    // A job id alone would let SQS swallow a re-enqueue of an id acked elsewhere seconds ago.
    String a = FifoIds.enqueue("order-1");
    assertThat(a).startsWith("order-1:u:").isNotEqualTo(FifoIds.enqueue("order-1"));
  }

  @Test
  void moves_areKeyedOnTheSqsMessage_andGroupsFollowTheGrouping() {
    assertThat(FifoIds.move("mv", "job-1", "m-1")).isEqualTo("job-1:mv:m-1")
        .isNotEqualTo(FifoIds.move("mv", "job-1", "m-2"))
        .isNotEqualTo(FifoIds.move("rp", "job-1", "m-1"));
    assertThat(new FifoIds(FifoGroup.JOB).group("orders", "job-1")).isEqualTo("job-1");
    assertThat(new FifoIds(FifoGroup.QUEUE).group("orders", "job-1")).isEqualTo("orders");
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
