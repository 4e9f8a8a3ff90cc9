package dev.docket.spi;

import java.util.Objects;

/**
 * One queue a broker holds, as {@link QueueBrowser#queues} lists it: the Docket queue name and
 * where its dead letters are kept, so an operator can find both on the server.
 *
 * @param queue the Docket queue name, as passed to {@link Broker#declareQueue}
 * @param deadLetterQueue the broker's own name for the queue's dead-letter side (a key, a queue or
 *     a label), for display; its letters are read through {@link Broker#deadLetters()} with
 *     {@code queue}, never by this name
 * @since 0.4
 */
public record QueueInfo(String queue, String deadLetterQueue) {

  /** Validates. */
  public QueueInfo {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
  }
}
