package dev.docket.spi;

/**
 * What {@link Broker#publish} did with one message.
 *
 * @since 0.1
 */
public enum PublishOutcome {
  /** Stored durably; it will be delivered at least once. */
  ACCEPTED,
  /** A live message with the same id already exists in the queue; nothing was stored. */
  DUPLICATE
}
