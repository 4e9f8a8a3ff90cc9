package dev.docket;

/**
 * The root of every exception Docket throws.
 *
 * @since 0.1
 */
public class DocketException extends RuntimeException {
  /** With a message. */
  public DocketException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public DocketException(String message, Throwable cause) {
    super(message, cause);
  }
}
