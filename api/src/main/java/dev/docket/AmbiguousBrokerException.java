package dev.docket;

/**
 * More than one broker provider serves the requested URI scheme. The message lists them and how to pick one.
 *
 * @since 0.1
 */
public class AmbiguousBrokerException extends DocketException {
  /** With a message. */
  public AmbiguousBrokerException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public AmbiguousBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
