package dev.docket.spi;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;

/**
 * A leased message. The holder must end it with exactly one of {@link Broker#ack}, {@link
 * Broker#release} or {@link Broker#deadLetter}, or let the lease expire (then the broker hands the
 * message out again).
 *
 * @param queue the queue it came from
 * @param id the job id
 * @param body the exact bytes that were published
 * @param headers the headers that were published
 * @param priority the message priority
 * @param deliveryCount how many times the broker has handed this message out, this time included
 *     (1 on the first delivery); it survives {@link Broker#release} and lease expiry and restarts
 *     at 0 on dead-letter replay
 * @param enqueuedAt when the message was first published (broker time)
 * @param leaseToken an opaque token naming this lease; a stale token is refused
 * @param leaseExpiresAt when the lease ends unless extended (broker time)
 * @since 0.1
 */
public record Delivery(
    String queue,
    String id,
    byte[] body,
    Map<String, String> headers,
    int priority,
    int deliveryCount,
    Instant enqueuedAt,
    String leaseToken,
    Instant leaseExpiresAt) {

  /** Validates and copies. */
  public Delivery {
    Require.nonNull("queue", queue, "id", id, "body", body, "headers", headers,
        "enqueuedAt", enqueuedAt, "leaseToken", leaseToken, "leaseExpiresAt", leaseExpiresAt);
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "Delivery[queue=" + queue + ", id=" + id + ", bytes=" + body.length
        + ", headers=" + headers + ", priority=" + priority + ", deliveryCount=" + deliveryCount
        + ", leaseExpiresAt=" + leaseExpiresAt + "]";
  }
}
