package dev.docket.internal;

import dev.docket.WorkerStats;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cumulative counts behind {@link WorkerStats}: bumped by the fetch loops and the lease
 * keeper, read by {@link #snapshot()}. {@link LongAdder}s, so concurrent fetch loops and
 * extension threads never contend on one counter; nothing here is per job.
 */
final class WorkerCounters {
  private final LongAdder fetches = new LongAdder();
  private final LongAdder fetchFailures = new LongAdder();
  private final LongAdder fetchNanos = new LongAdder();
  private final LongAdder extensions = new LongAdder();
  private final LongAdder extensionFailures = new LongAdder();

  /** A fetch call returned after {@code nanos}. */
  void fetched(long nanos) {
    fetches.increment();
    fetchNanos.add(Math.max(0, nanos));
  }

  /** A fetch call failed after {@code nanos}. */
  void fetchFailed(long nanos) {
    fetched(nanos);
    fetchFailures.increment();
  }

  /** One extension call's outcome: {@code extended} leases kept, {@code failed} not. */
  void extended(int extended, int failed) {
    if (extended > 0) {
      extensions.add(extended);
    }
    if (failed > 0) {
      extensionFailures.add(failed);
    }
  }

  WorkerStats snapshot() {
    return new WorkerStats(fetches.sum(), fetchFailures.sum(),
        Duration.ofNanos(fetchNanos.sum()), extensions.sum(), extensionFailures.sum());
  }
}
