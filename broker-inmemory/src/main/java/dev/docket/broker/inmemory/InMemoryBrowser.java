package dev.docket.broker.inmemory;

import dev.docket.Page;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import dev.docket.spi.support.NamePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Listing and browsing of an {@link InMemoryBroker}: queues by name, jobs in each set's own
 * order (ready by priority then arrival, delayed by due time, in flight by lease end). A cursor
 * is the last entry's sort key, so a page starts after it even when that entry has since moved.
 * Read-only: it never promotes due jobs, so a job whose due time passed shows as delayed until
 * the next fetch or stats moves it. Runs under the broker's lock; thread-safe.
 */
final class InMemoryBrowser implements QueueBrowser {
  private final InMemoryBroker broker;

  InMemoryBrowser(InMemoryBroker broker) {
    this.broker = broker;
  }

  @Override
  public Page<QueueInfo> queues(@Nullable String cursor, int limit) {
    QueueBrowser.checkLimit(limit);
    return broker.whileOpen(() -> {
      return NamePage.of(new TreeSet<>(broker.queueNames()), cursor, limit,
          name -> new QueueInfo(name, name + " (dead letters)"));
    });
  }

  @Override
  public Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor,
      int limit) {
    QueueBrowser.checkLimit(limit);
    Entry after = cursor == null ? null : probe(state, cursor);
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      if (q == null) {
        return new Page<>(List.of(), null);
      }
      NavigableSet<Entry> set = switch (state) {
        case READY -> q.ready;
        case DELAYED -> q.delayed;
        case IN_FLIGHT -> q.leasedByExpiry;
      };
      List<QueuedJob> items = new ArrayList<>();
      Entry last = null;
      for (Entry e : after == null ? set : set.tailSet(after, false)) {
        if (items.size() == limit) {
          break;
        }
        items.add(view(q, e, state));
        last = e;
      }
      String next = last != null && set.higher(last) != null ? cursorOf(state, last) : null;
      return new Page<>(items, next);
    });
  }

  @Override
  public Optional<QueuedJob> job(String queue, String id) {
    return broker.whileOpen(() -> {
      QueueState q = broker.existing(queue);
      Entry e = q == null ? null : q.live.get(id);
      if (q == null || e == null) {
        return Optional.empty();
      }
      QueuedJob.State state = e.leaseToken != null ? QueuedJob.State.IN_FLIGHT
          : e.dueAt != null ? QueuedJob.State.DELAYED : QueuedJob.State.READY;
      return Optional.of(view(q, e, state));
    });
  }

  private static QueuedJob view(QueueState q, Entry e, QueuedJob.State state) {
    Instant due = switch (state) {
      case READY -> e.readySince;
      case DELAYED -> e.dueAt;
      case IN_FLIGHT -> e.leaseExpiresAt;
    };
    return new QueuedJob(q.name, e.id, state, e.priority, e.headers, due, e.enqueuedAt,
        e.deliveryCount, e.body.length, QueuedJob.previewOf(e.body));
  }

  /** "priority:seq" for ready entries, "epochSecond:nano:seq" for the time-ordered sets. */
  private static String cursorOf(QueuedJob.State state, Entry e) {
    if (state == QueuedJob.State.READY) {
      return e.priority + ":" + e.seq;
    }
    Instant t = state == QueuedJob.State.DELAYED ? Entry.dueAt(e) : Entry.leaseExpiresAt(e);
    return t.getEpochSecond() + ":" + t.getNano() + ":" + e.seq;
  }

  /** An entry that sorts where the cursor's entry did, to start the next page after it. */
  private static Entry probe(QueuedJob.State state, String cursor) {
    try {
      String[] f = cursor.split(":", -1);
      if (state == QueuedJob.State.READY && f.length == 2) {
        return new Entry("", new byte[0], Map.of(), Integer.parseInt(f[0]), Instant.EPOCH,
            Long.parseLong(f[1]));
      }
      if (state != QueuedJob.State.READY && f.length == 3) {
        Entry e = new Entry("", new byte[0], Map.of(), 0, Instant.EPOCH, Long.parseLong(f[2]));
        Instant t = Instant.ofEpochSecond(Long.parseLong(f[0]), Long.parseLong(f[1]));
        e.dueAt = t;
        e.leaseExpiresAt = t;
        return e;
      }
    } catch (RuntimeException e) {
      // reported below, with the cursor
    }
    throw new IllegalArgumentException("not a " + state + " cursor of the in-memory broker: "
        + cursor);
  }
}
