package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 16: a DLQ scan hides its letters longer as the DLQ grows, up to SQS's limit. */
class ScanVisibilityTest {

  @Test
  void scanVisibility_growsWithTheDlq_upToTwelveHours() {
    assertThat(DeadLetterQueues.scanVisibility(0)).isEqualTo(60);
    assertThat(DeadLetterQueues.scanVisibility(-5)).isEqualTo(60);
    assertThat(DeadLetterQueues.scanVisibility(10_000)).isEqualTo(160);
    assertThat(DeadLetterQueues.scanVisibility(100_000)).isEqualTo(1_060);
    assertThat(DeadLetterQueues.scanVisibility(100_000_000)).isEqualTo(43_200);
  }
}
