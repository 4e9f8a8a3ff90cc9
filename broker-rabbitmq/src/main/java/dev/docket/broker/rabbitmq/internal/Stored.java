package dev.docket.broker.rabbitmq.internal;

import dev.docket.JobFailure;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Docket message as it sits in a RabbitMQ queue: the original id, bytes, headers and priority,
 * plus what the library tracks beside them.
 *
 * @param queue the Docket queue it belongs to
 * @param id the job id
 * @param body the original bytes
 * @param headers the original (user) headers
 * @param priority the original priority
 * @param enqueuedAt when it was first published
 * @param attempts deliveries counted before this copy was published (library count)
 * @param serverReturns redeliveries RabbitMQ made of this copy (channel closed before an ack)
 * @param due when it may be delivered, or null when it was due at once
 * @param failure the failure of a dead-lettered copy, or null
 * @param incarnation which enqueue of the id this is, the same in every copy of it (see {@link
 *     Incarnations}); null for a message of an older client or another tool
 */
record Stored(
    String queue,
    String id,
    byte[] body,
    Map<String, String> headers,
    int priority,
    Instant enqueuedAt,
    int attempts,
    int serverReturns,
    @Nullable Instant due,
    @Nullable JobFailure failure,
    @Nullable String incarnation) {

  /** A message without an incarnation. */
  Stored(String queue, String id, byte[] body, Map<String, String> headers, int priority,
      Instant enqueuedAt, int attempts, int serverReturns, @Nullable Instant due,
      @Nullable JobFailure failure) {
    this(queue, id, body, headers, priority, enqueuedAt, attempts, serverReturns, due, failure,
        null);
  }

  /** The delivery count of this delivery: earlier ones plus this one. */
  int deliveryCount() {
    return attempts + serverReturns + 1;
  }

  /** This message as a fresh copy that counts {@code attempts} earlier deliveries. */
  Stored copy(int attempts, @Nullable Instant due, @Nullable JobFailure failure) {
    return new Stored(queue, id, body, headers, priority, enqueuedAt, attempts, 0, due, failure,
        incarnation);
  }

  /** This delivery with {@code returns} redeliveries counted (by the id store). */
  Stored withReturns(int returns) {
    return new Stored(queue, id, body, headers, priority, enqueuedAt, attempts, returns, due,
        failure, incarnation);
  }

  /** This message as a new incarnation (a dead letter replayed: a new run, never a copy). */
  Stored reborn(String newIncarnation) {
    return new Stored(queue, id, body, headers, priority, enqueuedAt, attempts, serverReturns, due,
        failure, newIncarnation);
  }
}
