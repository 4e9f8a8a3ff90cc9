package dev.docket.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRank_oneToHundred_isTheValueAtThatRank() {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(sorted, 95)).isEqualTo(95);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(99);
    assertThat(Percentiles.nearestRank(sorted, 100)).isEqualTo(100);
    assertThat(Percentiles.nearestRank(sorted, 0.5)).isEqualTo(1);
  }

  @Test
  void nearestRank_fewSamples_roundsTheRankUp() {
    long[] sorted = {10, 20, 30, 40};

    assertThat(Percentiles.nearestRank(sorted, 50)).isEqualTo(20);
    assertThat(Percentiles.nearestRank(sorted, 51)).isEqualTo(30);
    assertThat(Percentiles.nearestRank(sorted, 99)).isEqualTo(40);
    assertThat(Percentiles.nearestRank(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void nearestRank_badInput_isRefused() {
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50))
        .hasMessageContaining("no samples");
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
        .hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 100.1))
        .hasMessageContaining("(0, 100]");
  }

  @Test
  void summarize_unsortedSamples_sortsACopy() {
    long[] samples = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();

    Percentiles.Summary s = Percentiles.summarize(samples);

    assertThat(s).isEqualTo(new Percentiles.Summary(1000, 500, 950, 990, 1000));
    assertThat(samples[0]).as("input untouched").isEqualTo(1000);
  }

  @Test
  void median_oddAndEvenCounts() {
    assertThat(Percentiles.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Percentiles.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
