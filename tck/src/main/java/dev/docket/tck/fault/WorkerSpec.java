package dev.docket.tck.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a fault-kit worker process is started.
 *
 * @param brokerUri the broker URI the child connects to (may hold a password; never printed)
 * @param storeUri the state store URI, or {@code null} for none
 * @param queue the queue it works
 * @param concurrency its worker concurrency
 * @param lease its lease, or {@code null} for the worker default ({@link
 *     dev.docket.Worker#DEFAULT_LEASE})
 * @since 0.1
 */
public record WorkerSpec(String brokerUri, @Nullable String storeUri, String queue,
    int concurrency, @Nullable Duration lease) {

  /** Validates. */
  public WorkerSpec {
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(queue, "queue");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
  }

  /** This spec with another lease ({@code null}: the worker default). */
  public WorkerSpec withLease(@Nullable Duration newLease) {
    return new WorkerSpec(brokerUri, storeUri, queue, concurrency, newLease);
  }

  Map<String, String> options(java.nio.file.Path record) {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("uri", brokerUri);
    opts.put("queue", queue);
    opts.put("record", record.toString());
    opts.put("concurrency", Integer.toString(concurrency));
    if (storeUri != null) {
      opts.put("store", storeUri);
    }
    if (lease != null) {
      opts.put("leaseMillis", Long.toString(lease.toMillis()));
    }
    return opts;
  }
}
