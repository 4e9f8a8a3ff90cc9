package dev.docket;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.List;

/**
 * A running worker as its last heartbeat in the state store described it, from {@link
 * Docket#workers()}. A started {@link Worker} writes one every {@link
 * Worker.Builder#heartbeat(java.time.Duration) heartbeat} (5 s by default) with a time to live of
 * three heartbeats: a worker that stops beating (its process died or hangs) drops out of the list
 * by itself, and one that closes gracefully removes its record at once.
 *
 * @param workerId the worker's id ({@link Worker#workerId()})
 * @param host the host name of its process (from {@code HOSTNAME}, else the local host name)
 * @param pid the id of its process
 * @param queues the queues it fetches from, in configured order
 * @param concurrency jobs it runs at once at most ({@link Worker#concurrency()})
 * @param busy jobs it was running at its last heartbeat ({@link Worker#inFlight()})
 * @param started when it started, on its client's clock
 * @param lastSeen when it wrote this heartbeat, on its client's clock
 * @param version the Docket version it runs, or {@code "development build"} when unknown
 * @since 0.4
 */
public record WorkerInfo(String workerId, String host, long pid, List<String> queues,
    int concurrency, int busy, Instant started, Instant lastSeen, String version) {

  /** Validates and copies the queue list. */
  public WorkerInfo {
    Require.nonNull("workerId", workerId, "host", host, "started", started, "lastSeen", lastSeen,
        "version", version);
    queues = List.copyOf(queues);
  }

  /** Free slots at the last heartbeat: {@code concurrency - busy}, never negative. */
  public int idle() {
    return Math.max(0, concurrency - busy);
  }
}
