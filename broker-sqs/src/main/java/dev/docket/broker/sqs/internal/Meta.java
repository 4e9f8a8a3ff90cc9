package dev.docket.broker.sqs.internal;

import dev.docket.JobFailure;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What travels beside a body in the {@code docket} message attribute: the Docket view of a message
 * that SQS cannot keep for us across re-sends (delay hops, delayed releases, dead-lettering).
 *
 * @param id the job id
 * @param headers the published headers
 * @param priority the message priority
 * @param enqueuedAt when it was first published
 * @param baseCount deliveries before this SQS message existed; the delivery count is this plus
 *     the SQS ApproximateReceiveCount
 * @param due when it may be delivered, or {@code null} when due on arrival in its lane
 * @param failure why it was dead-lettered, only on dead-letter queue messages
 */
public record Meta(
    String id,
    Map<String, String> headers,
    int priority,
    Instant enqueuedAt,
    int baseCount,
    @Nullable Instant due,
    @Nullable JobFailure failure) {

  /** Validates and copies. */
  public Meta {
    Objects.requireNonNull(id, "id");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
  }

  Meta withBaseCount(int count) {
    return new Meta(id, headers, priority, enqueuedAt, count, due, failure);
  }

  Meta withDue(@Nullable Instant instant) {
    return new Meta(id, headers, priority, enqueuedAt, baseCount, instant, failure);
  }

  Meta withFailure(@Nullable JobFailure f) {
    return new Meta(id, headers, priority, enqueuedAt, baseCount, due, f);
  }
}
