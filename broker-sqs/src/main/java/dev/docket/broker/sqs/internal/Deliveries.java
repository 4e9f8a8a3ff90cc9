package dev.docket.broker.sqs.internal;

import dev.docket.spi.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Turns received SQS messages into deliveries. */
final class Deliveries {
  private Deliveries() {}

  /** SQS's count of receives of this message (1 on the first). */
  static int receiveCount(Message m) {
    String v = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return v == null ? 1 : Integer.parseInt(v);
  }

  /** When SQS stored this message. */
  static Instant sentAt(Message m) {
    String v = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    return v == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(v));
  }

  /** The lowest priority that maps to {@code band}, for messages without Docket metadata. */
  static int priorityOf(int band, int bands) {
    return (band * 10 + bands - 1) / bands;
  }

  /**
   * A delivery of {@code m}, of which {@code unseen} earlier receives were handed back before a
   * caller saw them (see {@link UnseenReceives}). A message Docket did not write (no metadata, or
   * a body that is not Base64) is handed out as its raw text under its SQS message id, so the
   * runtime dead-letters it as undecodable with the original bytes rather than dropping it.
   */
  static Delivery of(String queue, int band, int bands, Message m, int unseen, String token,
      Instant leaseExpiresAt) {
    Codec.Decoded d = Codec.decode(m.body(), m.messageAttributes());
    // Receives handed back before anyone saw them are not deliveries; this one is, so >= 1.
    int count = Math.max(1, receiveCount(m) - unseen);
    if (d == null) {
      return new Delivery(queue, m.messageId(), m.body().getBytes(StandardCharsets.UTF_8),
          Map.of(), priorityOf(band, bands), count, sentAt(m), token, leaseExpiresAt);
    }
    Meta meta = d.meta();
    return new Delivery(queue, meta.id(), d.body(), meta.headers(), meta.priority(),
        meta.baseCount() + count, meta.enqueuedAt(), token, leaseExpiresAt);
  }
}
