package dev.docket;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one queue.
 *
 * @param queue the queue
 * @param ready messages due now and waiting for a worker
 * @param delayed messages waiting for their due time
 * @param inFlight messages leased to a worker
 * @param dead messages in the queue's dead-letter queue
 * @param oldestReadySince when the longest-waiting ready message became due, or {@code null}
 * @since 0.1
 */
public record QueueStats(
    String queue, long ready, long delayed, long inFlight, long dead, @Nullable Instant oldestReadySince) {

  /** Validates. */
  public QueueStats {
    Objects.requireNonNull(queue, "queue");
  }

  /** An empty queue. */
  public static QueueStats empty(String queue) {
    return new QueueStats(queue, 0, 0, 0, 0, null);
  }

  /** How long the oldest ready message has waited at {@code now}; zero when none is ready. */
  public Duration oldestReadyAge(Instant now) {
    if (oldestReadySince == null || now.isBefore(oldestReadySince)) {
      return Duration.ZERO;
    }
    return Duration.between(oldestReadySince, now);
  }

  /** Ready plus delayed plus in flight. */
  public long total() {
    return ready + delayed + inFlight;
  }
}
