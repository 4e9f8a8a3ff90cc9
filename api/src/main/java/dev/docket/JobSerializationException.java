package dev.docket;

/**
 * Job arguments or an envelope could not be encoded or decoded.
 *
 * @since 0.1
 */
public class JobSerializationException extends DocketException {
  /** With a message. */
  public JobSerializationException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public JobSerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
