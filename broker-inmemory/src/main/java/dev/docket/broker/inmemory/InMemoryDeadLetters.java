package dev.docket.broker.inmemory;

import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter queues of an {@link InMemoryBroker}: paging by sequence number, replay (a live
 * job with the same id wins) and purge. Runs under the broker's lock, on its queues; thread-safe.
 */
final class InMemoryDeadLetters implements DeadLetterStore {
  private final InMemoryBroker broker;

  InMemoryDeadLetters(InMemoryBroker broker) {
    this.broker = broker;
  }

  /** Moves a leased entry of {@code q} to its DLQ, replacing an older dead copy of its id. */
  void add(QueueState q, Entry e, JobFailure failure) {
    q.live.remove(e.id);
    long s = broker.nextSeq();
    Long previous = q.deadSeqById.put(e.id, s);
    if (previous != null) {
      q.dead.remove(previous);
    }
    q.dead.put(s, new DeadLetter(q.name, e.id, e.body, e.headers, e.priority, e.enqueuedAt,
        failure));
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    Require.atLeast("limit", limit, 1);
    long after = parseCursor(cursor);
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      if (q == null) {
        return new Page<>(List.of(), null);
      }
      List<DeadLetter> items = new ArrayList<>();
      Long last = null;
      for (Map.Entry<Long, DeadLetter> e : q.dead.tailMap(after, false).entrySet()) {
        if (items.size() == limit) {
          break;
        }
        items.add(e.getValue());
        last = e.getKey();
      }
      String next = last != null && q.dead.higherKey(last) != null ? Long.toString(last) : null;
      return new Page<>(items, next);
    });
  }

  @Override
  public long replay(String queue, DeadLetterFilter filter) {
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      if (q == null) {
        return 0;
      }
      Instant now = broker.now();
      // A live job with the same id wins; its dead copy stays for a later replay.
      List<DeadLetter> moved = q.removeDead(filter, d -> !q.live.containsKey(d.id()));
      for (DeadLetter d : moved) {
        Entry e = new Entry(d.id(), d.body(), d.headers(), d.priority(), d.enqueuedAt(), broker.nextSeq());
        q.live.put(e.id, e);
        q.addReady(e, now);
      }
      broker.changed();
      return moved.size();
    });
  }

  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      return q == null ? 0 : q.removeDead(filter, d -> true).size();
    });
  }

  /** Restores letters by id: memory keeps one letter per id, so a known id is skipped. */
  @Override
  public long restore(String queue, List<DeadLetter> letters) {
    if (letters.size() > QueueBrowser.MAX_PAGE) {
      throw new IllegalArgumentException("at most " + QueueBrowser.MAX_PAGE
          + " letters per call, got " + letters.size());
    }
    return broker.whileOpen(() -> {
      QueueState q = broker.queueState(queue);
      long n = 0;
      for (DeadLetter d : letters) {
        if (q.deadSeqById.containsKey(d.id())) {
          continue;
        }
        long s = broker.nextSeq();
        q.deadSeqById.put(d.id(), s);
        q.dead.put(s, new DeadLetter(q.name, d.id(), d.body(), d.headers(), d.priority(),
            d.enqueuedAt(), d.failure()));
        n++;
      }
      return n;
    });
  }

  private static long parseCursor(@Nullable String cursor) {
    try {
      return cursor == null ? 0 : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor of this broker: " + cursor);
    }
  }
}
