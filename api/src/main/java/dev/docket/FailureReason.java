package dev.docket;

/**
 * Why a job was dead-lettered.
 *
 * @since 0.1
 */
public enum FailureReason {
  /** The handler failed on every attempt its retry policy allows. */
  RETRIES_EXHAUSTED,
  /** The handler threw a non-retryable exception. */
  NON_RETRYABLE,
  /** The body could not be decoded as a Docket envelope. */
  UNDECODABLE,
  /** No handler is registered for the job's task. */
  UNKNOWN_TASK,
  /**
   * The job was delivered more times than allowed without finishing: its worker crashed or hung
   * and the lease expired each time.
   */
  DELIVERY_LIMIT
}
