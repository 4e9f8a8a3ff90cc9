package dev.docket.internal.migration;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Moves a queue's dead letters: every page of the source's dead-letter queue is restored into the
 * target's (idempotent), and only once all are there are their ids purged from the source. A
 * crash before the purge leaves both copies; the next run restores them again, which stores
 * nothing new, and purges then. Holds the ids only, never the bodies of a whole DLQ.
 */
record DeadMover(Broker source, Broker target, int batch) {
  /** Moves every dead letter of {@code queue}; returns how many it purged from the source. */
  long moveAll(String queue, Tally tally) {
    Set<String> ids = new LinkedHashSet<>();
    @Nullable String cursor = null;
    do {
      Page<DeadLetter> page = source.deadLetters().list(queue, cursor, batch);
      List<DeadLetter> letters = page.items();
      if (!letters.isEmpty()) {
        target.deadLetters().restore(queue, letters);
        letters.forEach(l -> ids.add(l.id()));
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    long purged = 0;
    List<String> all = List.copyOf(ids);
    for (int i = 0; i < all.size(); i += batch) {
      Set<String> part = Set.copyOf(all.subList(i, Math.min(all.size(), i + batch)));
      purged += source.deadLetters().purge(queue, new DeadLetterFilter.Ids(part));
    }
    tally.dead += purged;
    return purged;
  }
}
