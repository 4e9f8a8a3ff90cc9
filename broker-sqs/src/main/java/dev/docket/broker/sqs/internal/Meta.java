package dev.docket.broker.sqs.internal;

import dev.docket.JobFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What travels beside a body in the {@code docket} message attribute: the Docket view of a message
 * that SQS cannot keep for us across re-sends (delay hops, delayed releases, dead-lettering).
 *
 * <p>A delay travels as a duration, never as an instant: {@code delay} is how long the message
 * still had to wait when this SQS message was sent, counted from SQS's own {@code SentTimestamp}.
 * The delay pump subtracts what SQS's clock says has passed since (see {@link DelayPump}), so no
 * producer's or pump's clock decides when a job is due, and clock skew between hosts cannot make
 * a job early.
 *
 * @param id the job id
 * @param headers the published headers
 * @param priority the message priority
 * @param enqueuedAt when it was first published
 * @param baseCount deliveries before this SQS message existed; the delivery count is this plus
 *     the SQS ApproximateReceiveCount
 * @param delay the wait left when this SQS message was sent, or {@code null} when due on arrival
 *     in its lane
 * @param legacyDue an absolute due time written by an older version of this broker (read only,
 *     so messages already in a delay queue keep their delay), else {@code null}
 * @param failure why it was dead-lettered, only on dead-letter queue messages
 */
public record Meta(
    String id,
    Map<String, String> headers,
    int priority,
    Instant enqueuedAt,
    int baseCount,
    @Nullable Duration delay,
    @Nullable Instant legacyDue,
    @Nullable JobFailure failure) {

  /** Validates and copies. */
  public Meta {
    Objects.requireNonNull(id, "id");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    if (delay != null && !delay.isPositive()) {
      delay = null;
    }
  }

  /** Meta as this version writes it (no legacy due time). */
  public Meta(String id, Map<String, String> headers, int priority, Instant enqueuedAt,
      int baseCount, @Nullable Duration delay, @Nullable JobFailure failure) {
    this(id, headers, priority, enqueuedAt, baseCount, delay, null, failure);
  }

  Meta withDelay(@Nullable Duration d) {
    return new Meta(id, headers, priority, enqueuedAt, baseCount, d, null, failure);
  }

  Meta withFailure(@Nullable JobFailure f) {
    return new Meta(id, headers, priority, enqueuedAt, baseCount, delay, legacyDue, f);
  }
}
