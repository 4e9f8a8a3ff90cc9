package dev.docket;

/**
 * The broker could not be reached or answered with a transient error; retrying later may work.
 *
 * @since 0.1
 */
public class BrokerUnavailableException extends DocketException {
  /** With a message. */
  public BrokerUnavailableException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
