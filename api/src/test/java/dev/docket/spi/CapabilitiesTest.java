package dev.docket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  @DisplayName("the builder sets each value by name and toBuilder copies them all")
  void builder() {
    Capabilities c = Capabilities.builder().messagePriority(true).priorityLevels(10).fifo(true)
        .maxMessageBytes(1024).maxDelay(Duration.ofDays(1)).delayTolerance(Duration.ofSeconds(1))
        .exactStats(true).controllableClock(true).minLease(Duration.ofMillis(5)).listQueues(true)
        .browse(true).build();
    assertThat(c.messagePriority()).isTrue();
    assertThat(c.priorityLevels()).isEqualTo(10);
    assertThat(c.fifo()).isTrue();
    assertThat(c.maxMessageBytes()).isEqualTo(1024);
    assertThat(c.maxDelay()).isEqualTo(Duration.ofDays(1));
    assertThat(c.delayTolerance()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.exactStats()).isTrue();
    assertThat(c.controllableClock()).isTrue();
    assertThat(c.minLease()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.listQueues()).isTrue();
    assertThat(c.browse()).isTrue();
    assertThat(c.toBuilder().fifo(false).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().browse(false).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().listQueues(false).build()).isNotEqualTo(c);
  }

  @Test
  @DisplayName("defaults describe a plain queue; a size limit is required")
  void defaults() {
    Capabilities c = Capabilities.builder().maxMessageBytes(1).build();
    assertThat(c.messagePriority()).isFalse();
    assertThat(c.priorityLevels()).isEqualTo(1);
    assertThat(c.controllableClock()).isFalse();
    assertThat(c.listQueues()).as("listing is opt-in").isFalse();
    assertThat(c.browse()).as("browsing is opt-in").isFalse();
    assertThatThrownBy(() -> Capabilities.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageBytes");
    assertThatThrownBy(() -> Capabilities.builder().maxMessageBytes(1).priorityLevels(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priorityLevels");
  }
}
