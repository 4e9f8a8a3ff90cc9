package dev.docket;

/**
 * A job names a task no handler is registered for.
 *
 * @since 0.1
 */
public class UnknownTaskException extends DocketException {
  /** With a message. */
  public UnknownTaskException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public UnknownTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
