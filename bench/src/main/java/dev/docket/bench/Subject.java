package dev.docket.bench;

import java.time.Duration;

/**
 * One side of the comparison: Docket on a broker, or a raw in-process baseline. Each measurement
 * uses fresh queues, so runs never see each other's jobs.
 */
interface Subject extends AutoCloseable {

  /** A short name for tables. */
  String name();

  /** Enqueues {@code jobs} in batches of {@code batch} with nobody consuming; returns jobs/s. */
  double bulkEnqueue(int jobs, int batch) throws Exception;

  /**
   * Enqueues {@code jobs} in batches while consumers run them; returns jobs/s from the first
   * enqueue until the last handler finished.
   */
  double endToEnd(int jobs, int batch, Duration timeout) throws Exception;

  /**
   * Sends {@code jobs} one by one at {@code perSecond} while consumers run them; returns each
   * job's time from just before its enqueue until its handler started.
   */
  LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception;

  /**
   * The samples of a steady-rate run.
   *
   * @param nanos enqueue→start latency of each job, in nanoseconds
   * @param sentPerSecond the send rate reached (below the target when the producer fell behind)
   */
  record LatencyRun(long[] nanos, double sentPerSecond) {}

  @Override
  void close();
}
