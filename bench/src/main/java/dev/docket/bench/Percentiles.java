package dev.docket.bench;

import java.util.Arrays;

/** Percentile and median arithmetic for benchmark samples. */
final class Percentiles {

  /**
   * Latency figures of one run, in nanoseconds.
   *
   * @param count samples
   * @param p50 median
   * @param p95 95th percentile
   * @param p99 99th percentile
   * @param max the largest sample
   */
  record Summary(int count, long p50, long p95, long p99, long max) {}

  private Percentiles() {}

  /** The nearest-rank percentiles of {@code samples} (which are not modified). */
  static Summary summarize(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Summary(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 95),
        nearestRank(sorted, 99), nearestRank(sorted, 100));
  }

  /**
   * The nearest-rank percentile: the smallest sample such that at least {@code p} percent of the
   * samples are at or below it. It is always one of the samples, never an interpolation.
   *
   * @param sorted samples in ascending order, at least one
   * @param p the percentile, above 0 and at most 100
   */
  static long nearestRank(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    // p * n first: 95 * 100 / 100.0 is exactly 95, 0.95 * 100 is not.
    int rank = (int) Math.ceil(p * sorted.length / 100.0);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The median of repeated measurements (mean of the middle two for an even count). */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
