package dev.docket.spi;

import dev.docket.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter side of a {@link Broker}. Thread-safe.
 *
 * @since 0.1
 */
public interface DeadLetterStore {

  /**
   * A page of a queue's dead letters, oldest first.
   *
   * @param cursor {@code null} for the first page, else {@link Page#nextCursor()} of the previous
   * @param limit at most this many, at least one
   */
  Page<DeadLetter> list(String queue, @Nullable String cursor, int limit);

  /**
   * Moves matching dead letters back to the queue as new deliveries (delivery count restarts at 0,
   * original bytes, headers and priority), ready now. Returns how many moved.
   */
  long replay(String queue, DeadLetterFilter filter);

  /** Deletes matching dead letters for good. Returns how many. */
  long purge(String queue, DeadLetterFilter filter);

  /**
   * Writes dead letters taken from another broker into {@code queue}'s dead-letter queue, each
   * with its failure record, original bytes, headers, priority and enqueue time, as a migration
   * does. Idempotent: a letter already restored (the same id, failure and bytes) is not stored
   * twice, so a migration that crashed can run again. Returns how many were stored now. Needs
   * {@link Capabilities#restoreDeadLetters()}; the default throws {@link
   * UnsupportedOperationException}.
   *
   * @param letters at most {@link QueueBrowser#MAX_PAGE} letters; their own queue is ignored
   * @since 0.5
   */
  default long restore(String queue, List<DeadLetter> letters) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot restore dead letters");
  }
}
