package dev.docket;

/**
 * No broker provider serves the requested URI scheme or name. The message lists the providers found and the module to add.
 *
 * @since 0.1
 */
public class NoBrokerFoundException extends DocketException {
  /** With a message. */
  public NoBrokerFoundException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public NoBrokerFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
