package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy noJitter = RetryPolicy.builder()
      .initialBackoff(Duration.ofSeconds(1)).multiplier(2).maxBackoff(Duration.ofSeconds(10))
      .jitter(0).build();

  @Test
  void nominalBackoff_growsExponentiallyUpToTheCap() {
    assertThat(noJitter.nominalBackoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(noJitter.nominalBackoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(noJitter.nominalBackoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(noJitter.nominalBackoff(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(noJitter.nominalBackoff(500)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void backoff_withJitter_staysBetweenTheJitterFloorAndTheNominalDelay() {
    RetryPolicy p = RetryPolicy.from(noJitter).jitter(0.5).build();
    Random random = new Random(42);
    long distinct = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> p.backoff(3, random))
        .peek(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)))
        .distinct().count();
    assertThat(distinct).as("jitter spreads retries").isGreaterThan(100);
  }

  @Test
  void isNonRetryable_matchesListedTypesSubtypesAndNonRetryableException() {
    RetryPolicy p = RetryPolicy.builder().nonRetryable(IOException.class).build();
    assertThat(p.isNonRetryable(new java.io.FileNotFoundException())).isTrue();
    assertThat(p.isNonRetryable(new NonRetryableException("no"))).isTrue();
    assertThat(p.isNonRetryable(new IllegalStateException())).isFalse();
  }

  @Test
  void builder_rejectsNonsenseWithTheFieldName() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1).build())
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMinutes(20))
        .maxBackoff(Duration.ofMinutes(10)).build()).hasMessageContaining("maxBackoff");
  }
}
