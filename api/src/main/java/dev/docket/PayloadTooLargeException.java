package dev.docket;

/**
 * An encoded job is larger than the broker accepts; nothing was enqueued.
 *
 * @since 0.1
 */
public class PayloadTooLargeException extends DocketException {
  /** With a message. */
  public PayloadTooLargeException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public PayloadTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
