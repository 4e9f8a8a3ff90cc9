package dev.docket;

/**
 * A job state change that the state machine does not allow, see {@link JobState}.
 *
 * @since 0.1
 */
public class IllegalJobStateTransitionException extends DocketException {
  /** With a message. */
  public IllegalJobStateTransitionException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public IllegalJobStateTransitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
