package dev.docket.broker.inmemory;

import dev.docket.spi.Message;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.WaitingMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The waiting-job operations a migration uses on an {@link InMemoryBroker}: read delayed jobs
 * with their bodies, and take chosen waiting jobs out. Kept apart from the broker's delivery path
 * so that class stays about delivering. Runs under the broker's lock; thread-safe.
 */
final class InMemoryWaiting {
  private final InMemoryBroker broker;

  InMemoryWaiting(InMemoryBroker broker) {
    this.broker = broker;
  }

  /** Up to {@code limit} delayed jobs of {@code queue}, soonest due first, bodies copied. */
  List<WaitingMessage> delayed(String queue, int limit) {
    QueueBrowser.checkLimit(limit);
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      List<WaitingMessage> out = new ArrayList<>();
      if (q == null) {
        return out;
      }
      for (Entry e : q.delayed) {
        if (out.size() == limit) {
          break;
        }
        out.add(new WaitingMessage(new Message(e.id, e.body.clone(), e.headers, e.priority,
            Entry.dueAt(e)), e.deliveryCount));
      }
      return out;
    });
  }

  /**
   * Removes those of {@code ids} that wait (ready or delayed) in {@code queue}; a leased job
   * stays, since its worker will settle it. Returns the ids removed.
   */
  Set<String> remove(String queue, Collection<String> ids) {
    if (ids.size() > QueueBrowser.MAX_PAGE) {
      throw new IllegalArgumentException("at most " + QueueBrowser.MAX_PAGE
          + " ids per call, got " + ids.size());
    }
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      Set<String> out = new LinkedHashSet<>();
      if (q == null) {
        return out;
      }
      for (String id : ids) {
        Entry e = q.live.get(id);
        if (e != null && e.leaseToken == null) {
          q.removeWaiting(e);
          out.add(id);
        }
      }
      return out;
    });
  }
}
