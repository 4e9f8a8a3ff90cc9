package dev.docket;

/**
 * A job's lifecycle: {@code PENDING → STARTED → SUCCESS | FAILURE | RETRY}, plus {@code DEAD}
 * for jobs dead-lettered without a handler verdict. The legal moves are one table, {@link
 * #canMoveTo}; at-least-once delivery makes {@code STARTED → STARTED} legal (a redelivery after a
 * lost lease).
 *
 * @since 0.1
 */
public enum JobState {
  /** Enqueued, waiting (ready or delayed). */
  PENDING,
  /** A worker is running it. */
  STARTED,
  /** Failed and scheduled to run again. */
  RETRY,
  /** Finished; the handler returned. */
  SUCCESS,
  /** The handler failed for good (retries exhausted or non-retryable); it is in the DLQ. */
  FAILURE,
  /** Dead-lettered without a handler verdict: undecodable, unknown task, delivery limit. */
  DEAD;

  /** Whether the state machine allows {@code this → next}. */
  public boolean canMoveTo(JobState next) {
    return switch (this) {
      case PENDING -> next == STARTED || next == DEAD;
      case STARTED ->
          next == STARTED || next == SUCCESS || next == FAILURE || next == RETRY || next == DEAD;
      case RETRY -> next == STARTED || next == DEAD;
      case SUCCESS -> false;
      case FAILURE, DEAD -> next == PENDING;
    };
  }

  /** Whether no further move happens without a replay. */
  public boolean isTerminal() {
    return this == SUCCESS || this == FAILURE || this == DEAD;
  }

  /** {@code next} if legal, else throws {@link IllegalStateException}. */
  public JobState moveTo(JobState next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException(
          "a job cannot move from " + this + " to " + next);
    }
    return next;
  }
}
