package dev.docket.spi;

import dev.docket.Page;
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
}
