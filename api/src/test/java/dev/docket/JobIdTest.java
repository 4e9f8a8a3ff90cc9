package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdTest {
  @Test
  void generate_isAVersion7UuidOrderedByTime() {
    ManualClock clock = new ManualClock();
    JobId first = JobId.generate(clock);
    clock.advance(Duration.ofMillis(5));
    JobId second = JobId.generate(clock);
    UUID uuid = UUID.fromString(first.value());
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(clock.millis() - 5);
    assertThat(first.value()).isLessThan(second.value());
  }

  @Test
  void of_rejectsEmptyTooLongAndWhitespace() {
    assertThatThrownBy(() -> JobId.of("")).hasMessageContaining("1 to 200");
    assertThatThrownBy(() -> JobId.of("x".repeat(201))).hasMessageContaining("had 201");
    assertThatThrownBy(() -> JobId.of("a b")).hasMessageContaining("character 1");
    assertThat(JobId.of("order-42:email").value()).isEqualTo("order-42:email");
  }
}
