package dev.docket;

/**
 * Thrown by a handler to fail a job at once, without retries: it goes to the dead-letter queue.
 * Exceptions listed in {@link RetryPolicy#nonRetryable()} behave the same way.
 *
 * @since 0.1
 */
public class NonRetryableException extends DocketException {
  /** With a message. */
  public NonRetryableException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
