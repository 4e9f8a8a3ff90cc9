package dev.docket.bench.curves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void labelsShortenRoundThousandsAndMillions() {
    assertThat(Chart.label(0)).isEqualTo("0");
    assertThat(Chart.label(10_000)).isEqualTo("10k");
    assertThat(Chart.label(1_000_000)).isEqualTo("1M");
    assertThat(Chart.label(1500)).isEqualTo("1500");
    assertThat(Chart.label(0.25)).isEqualTo("0.250");
  }

  @Test
  void markdownHasOneRowPerXInOrderAndNaForMissingPoints() {
    String md = Chart.markdown("backlog", List.of(
        new Chart.Series("redis", new double[] {0, 10_000, 1_000_000},
            new double[] {1, 0.98, 0.9}),
        new Chart.Series("sqs", new double[] {10_000, 0}, new double[] {0.5, 1})), 2);
    assertThat(md.lines().toList()).containsExactly(
        "| backlog | redis | sqs |",
        "|---:|---:|---:|",
        "| 0 | 1.00 | 1.00 |",
        "| 10k | 0.98 | 0.50 |",
        "| 1M | 0.90 | n/a |");
  }

  @Test
  void cellsSeparateThousandsAndShowNaN() {
    assertThat(Chart.cell(12345.678, 0)).isEqualTo("12,346");
    assertThat(Chart.cell(Double.NaN, 1)).isEqualTo("n/a");
  }

  @Test
  void seriesRejectsMismatchedLengths() {
    assertThatThrownBy(() -> new Chart.Series("x", new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
  }

  @Test
  void pngsAreWrittenAtTheirSize(@TempDir Path dir) throws Exception {
    Path cat = dir.resolve("img/cat.png");
    Chart.categoryPng(cat, "t", "x", "y", List.of(new Chart.Series("a",
        new double[] {1, 10, 100}, new double[] {1, Double.NaN, 0.5})));
    Path xy = dir.resolve("xy.png");
    Chart.xyPng(xy, "t", "x", "y", List.of(new Chart.Series("a", new double[] {0, 1.5},
        new double[] {1, 100})));
    for (Path p : List.of(cat, xy)) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).isEqualTo(Chart.WIDTH);
      assertThat(img.getHeight()).isEqualTo(Chart.HEIGHT);
    }
  }

  @Test
  void startedCurveEndsAtEveryJobAndRisesMonotonically() {
    long[] late = new long[1000];
    for (int i = 0; i < late.length; i++) {
      late[i] = i * 1000L; // 1 ms apart, in microseconds
    }
    Chart.Series s = DelayedBurst.started("r", late);
    assertThat(s.y()[s.y().length - 1]).isEqualTo(1000);
    assertThat(s.x()[s.x().length - 1]).isEqualTo(0.999);
    for (int i = 1; i < s.y().length; i++) {
      assertThat(s.y()[i]).isGreaterThanOrEqualTo(s.y()[i - 1]);
    }
    assertThat(s.x().length).isBetween(150, 250);
  }

  @Test
  void medianIgnoresNaNAndPercentileUsesNearestRank() {
    assertThat(Curves.median(new double[] {3, Double.NaN, 1, 2})).isEqualTo(2);
    assertThat(Curves.median(new double[] {4, 1})).isEqualTo(2.5);
    assertThat(Curves.median(new double[] {Double.NaN})).isNaN();
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(Curves.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(Curves.percentile(sorted, 0.5)).isEqualTo(50);
  }
}
