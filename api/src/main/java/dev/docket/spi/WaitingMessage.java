package dev.docket.spi;

import dev.docket.spi.support.Require;
import java.util.Objects;

/**
 * A waiting job read whole by {@link Broker#delayedMessages}: the message as it would be published
 * again (same id, bytes, headers, priority and due time) and how often it was delivered before.
 *
 * @param message the message; {@link Message#notBefore()} is its due time
 * @param deliveries how many times the broker handed it out so far (a retry waiting for its
 *     backoff has at least one)
 * @since 0.5
 */
public record WaitingMessage(Message message, int deliveries) {

  /** Validates. */
  public WaitingMessage {
    Objects.requireNonNull(message, "message");
    Require.nonNegative("deliveries", deliveries);
  }
}
