package dev.docket.internal.migration;

import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How a job is copied to the target: the same message, its earlier deliveries in a header. */
final class Copies {
  private Copies() {}

  /**
   * {@code id}'s message for the target: the same bytes, priority and due time, with {@code
   * deliveries} added to its {@link Headers#PRIOR_DELIVERIES} (kept as is when zero).
   */
  static Message of(String id, byte[] body, Map<String, String> headers, int priority,
      @Nullable Instant notBefore, int deliveries) {
    Map<String, String> h = headers;
    if (deliveries > 0) {
      h = new HashMap<>(headers);
      h.put(Headers.PRIOR_DELIVERIES,
          Integer.toString(Headers.priorDeliveries(headers) + deliveries));
    }
    return new Message(id, body, h, priority, notBefore);
  }

  /** How many of {@code outcomes} are {@link PublishOutcome#DUPLICATE}. */
  static long duplicates(List<PublishOutcome> outcomes) {
    return outcomes.stream().filter(o -> o == PublishOutcome.DUPLICATE).count();
  }
}
