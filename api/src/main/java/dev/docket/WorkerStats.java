package dev.docket;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Worker}'s runtime did since it was built, as cumulative counts: its fetches and
 * their round-trip time, and the lease extensions its lease keeper made. A snapshot from {@link
 * Worker#stats()}; counts only grow, so rates come from the difference of two snapshots (what a
 * metrics registry does with a counter). Times are read from the client's clock.
 *
 * @param fetches fetch calls to the broker that returned or failed, by the fetch loops and by
 *     {@link Worker#runDue()}; a fetch interrupted at shutdown is not counted
 * @param fetchFailures of those, the calls that failed (broker unreachable, an error answer)
 * @param fetchTime the time spent in those calls, summed; a blocking fetch on an idle queue
 *     counts its wait, up to {@link Worker.Builder#fetchWait}
 * @param leaseExtensions job leases the broker extended, one per running job per keeper round
 * @param leaseExtensionFailures job leases that were not extended: the broker answered that the
 *     lease was lost, or the call failed (then each job of the call counts); jobs settled while
 *     their extension was under way do not count
 * @since 0.3
 */
public record WorkerStats(long fetches, long fetchFailures, Duration fetchTime,
    long leaseExtensions, long leaseExtensionFailures) {

  /** Validates. */
  public WorkerStats {
    Objects.requireNonNull(fetchTime, "fetchTime");
  }
}
