package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnqueueOptionsTest {
  @Test
  void delayAndEta_areExclusive() {
    assertThatThrownBy(() -> EnqueueOptions.builder().delay(Duration.ofSeconds(1))
        .eta(Instant.EPOCH).build()).hasMessage("give either delay or eta, not both");
  }

  @Test
  void priorityAndQueue_areValidated() {
    assertThatThrownBy(() -> EnqueueOptions.builder().priority(10).build())
        .hasMessageContaining("0 to 9");
    assertThatThrownBy(() -> EnqueueOptions.builder().queue("bad queue").build())
        .hasMessageContaining("'bad queue' is invalid");
    assertThat(EnqueueOptions.builder().priority(9).queue("high").build().priority())
        .isEqualTo(9);
  }

  @Test
  void taskType_rejectsBadNamesAndKeepsDefaults() {
    assertThatThrownBy(() -> TaskType.of("", String.class)).hasMessageContaining("invalid");
    assertThatThrownBy(() -> TaskType.of("has space", String.class))
        .hasMessageContaining("'has space'");
    TaskType<String, Void> t = TaskType.of("mail.send", String.class);
    assertThat(t.queue()).isEqualTo("default");
    assertThat(t.timeout()).isEqualTo(TaskType.DEFAULT_TIMEOUT);
    assertThat(t.retryPolicy()).isEqualTo(RetryPolicy.defaults());
    assertThat(t.toBuilder().maxRetries(1).build().retryPolicy().maxRetries()).isEqualTo(1);
  }
}
