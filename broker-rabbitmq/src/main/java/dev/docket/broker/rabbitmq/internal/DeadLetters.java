package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter queue {@code q~dlq} read as a list. Each operation takes the whole DLQ with
 * {@code basic.get} on a private channel, holding it unacknowledged: listing returns every message
 * to the queue afterwards (in order), replay publishes a copy of each match to its work queue
 * with a confirm and then acks it, purge acks the matches. Cost is linear in the DLQ's size,
 * which suits an operator's tool. Cursors are offsets; a listing runs while the DLQ is otherwise
 * idle to be exact.
 */
final class DeadLetters implements DeadLetterStore {
  /** Largest DLQ walked in one operation. */
  static final int MAX_WALK = 100_000;

  private final RabbitBroker broker;

  DeadLetters(RabbitBroker broker) {
    this.broker = broker;
  }

  /** One message of the DLQ, as taken on the walk channel. */
  private record Taken(long tag, Stored stored, DeadLetter letter) {}

  /** What to do with the taken messages; returns how many it settled. */
  private interface Visit {
    long apply(Channel ch, List<Taken> taken, Set<Long> settled) throws IOException;
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    Objects.requireNonNull(queue, "queue");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    int offset = parseCursor(cursor);
    List<DeadLetter> items = new ArrayList<>();
    boolean[] more = new boolean[1];
    walk(queue, "list", (ch, taken, settled) -> {
      for (int i = offset; i < taken.size() && items.size() < limit; i++) {
        items.add(taken.get(i).letter());
      }
      more[0] = taken.size() > offset + limit;
      return 0;
    });
    return new Page<>(items, more[0] ? Integer.toString(offset + limit) : null);
  }

  @Override
  public long replay(String queue, DeadLetterFilter filter) {
    Objects.requireNonNull(filter, "filter");
    long n = walk(queue, "replay", (ch, taken, settled) -> {
      Instant now = broker.clock().instant();
      List<Outgoing> copies = new ArrayList<>();
      List<Taken> moved = new ArrayList<>();
      for (Taken t : taken) {
        String id = t.stored().id();
        // A live job with the same id wins; its dead copy stays for a later replay.
        if (filter.matches(t.letter()) && !broker.ids().contains(queue, id, now)) {
          copies.add(broker.route(t.stored().copy(0, null, null), now));
          moved.add(t);
        }
      }
      broker.publisher().publish(copies);
      for (Taken t : moved) {
        broker.ids().add(queue, t.stored().id(), now.plus(broker.config().dedupWindow()), now);
        ch.basicAck(t.tag(), false);
        settled.add(t.tag());
      }
      return moved.size();
    });
    if (n > 0) {
      broker.wake();
    }
    return n;
  }

  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return walk(queue, "purge", (ch, taken, settled) -> {
      long n = 0;
      for (Taken t : taken) {
        if (filter.matches(t.letter())) {
          ch.basicAck(t.tag(), false);
          settled.add(t.tag());
          n++;
        }
      }
      return n;
    });
  }

  /**
   * Takes every message of the DLQ (up to {@link #MAX_WALK}) on the admin channel, runs {@code
   * visit}, then returns every message it did not settle to the queue in their order. Taking all
   * of them matters: a quorum queue puts returned messages at its tail, so only a full turn keeps
   * the order.
   */
  private long walk(String queue, String what, Visit visit) {
    broker.declareQueue(queue);
    String dlq = Topology.deadLetters(queue);
    return broker.admin().run(what + " the dead letters of " + queue, ch -> {
      Instant now = broker.clock().instant();
      List<Taken> taken = new ArrayList<>();
      Set<Long> settled = new HashSet<>();
      try {
        while (taken.size() < MAX_WALK) {
          GetResponse g = ch.basicGet(dlq, false);
          if (g == null) {
            break;
          }
          long tag = g.getEnvelope().getDeliveryTag();
          Stored s = Codec.read(queue, g.getEnvelope(), g.getProps(), g.getBody(), now);
          taken.add(new Taken(tag, s, letter(queue, s, now)));
        }
        return visit.apply(ch, taken, settled);
      } finally {
        long last = taken.stream().mapToLong(Taken::tag).filter(t -> !settled.contains(t))
            .max().orElse(-1);
        if (last >= 0 && ch.isOpen()) {
          // Everything not acked goes back, in delivery-tag order.
          ch.basicNack(last, true, true);
        }
      }
    });
  }

  private static DeadLetter letter(String queue, Stored s, Instant now) {
    JobFailure f = s.failure();
    if (f == null) {
      f = new JobFailure(FailureReason.DELIVERY_LIMIT, "", "found in the dead-letter queue"
          + " without a Docket failure record", "", s.deliveryCount() - 1, now, "rabbitmq");
    }
    return new DeadLetter(queue, s.id(), s.body(), s.headers(), s.priority(), s.enqueuedAt(), f);
  }

  private static int parseCursor(@Nullable String cursor) {
    try {
      int n = cursor == null ? 0 : Integer.parseInt(cursor);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor of the RabbitMQ broker: " + cursor);
    }
  }
}
