package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.BrokerUnavailableException;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter queue {@code q~dlq} read as a list, without ever returning a letter to the
 * queue. Every operation but a purge of all (one {@code queue.purge}) walks the DLQ from its
 * head in batches of {@value #BATCH} ({@code basic.get} on a channel of its own): a letter that
 * stays is published again to the DLQ's tail, byte for byte with its original properties,
 * confirmed, and only then acked; a replayed one is published to its work queue instead, a
 * purged one only acked. No {@code nack(requeue)} ever: a
 * requeue raises a quorum queue's delivery count, and a quorum DLQ with a delivery limit (the
 * default of 20 on RabbitMQ 4.x) would drop a letter after that many reads.
 *
 * <p>Pages: a listing is a pass over the letters that were in the DLQ when it began; a page moves
 * the next {@code limit} letters from the head to the tail, so the cursor is just how many are
 * left in the pass, and a complete pass leaves the DLQ in its original order. A pass abandoned
 * part way by this process is completed (its remaining letters moved, unread) before the next
 * listing starts, so every listing starts at the oldest letter. Memory holds one batch, never the
 * DLQ. A crash between a re-publish and its ack leaves a duplicate letter, never a lost one.
 */
final class DeadLetters implements DeadLetterStore {
  /** Letters taken per round trip (and held in memory at once). */
  static final int BATCH = 100;

  private final RabbitCore broker;
  /** Letters left in this process's unfinished listing pass, per queue. */
  private final Map<String, Long> unfinished = new ConcurrentHashMap<>();
  /** How many letters the last operation took from the DLQ (tests bound it). */
  private volatile long lastTaken;
  /**
   * The walk channel, kept open between walks: closing a channel right after its acks can
   * overtake them on a quorum queue (the acks are pipelined to the queue, the channel's exit is
   * seen at once) and return letters that were already re-published, doubling them.
   */
  private @Nullable Channel channel;

  DeadLetters(RabbitCore broker) {
    this.broker = broker;
  }

  /** What a walk does with one letter. */
  private enum Action { KEEP, REPLAY, DROP }

  private interface Decide {
    Action decide(Stored stored, DeadLetter letter);
  }

  private interface Seen {
    void letter(DeadLetter letter);
  }

  long lastTaken() {
    return lastTaken;
  }

  @Override
  public synchronized Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    Objects.requireNonNull(queue, "queue");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    broker.declareQueue(queue);
    String dlq = Topology.deadLetters(queue);
    long left;
    if (cursor == null) {
      Long abandoned = unfinished.remove(queue);
      if (abandoned != null && abandoned > 0) {
        walk(queue, abandoned, (s, l) -> Action.KEEP, l -> {});
      }
      left = Math.max(0, broker.admin().count(dlq));
    } else {
      left = parseCursor(cursor);
    }
    List<DeadLetter> items = new ArrayList<>();
    long want = Math.min(limit, left);
    long took = want == 0 ? 0 : walk(queue, want, (s, l) -> Action.KEEP, items::add);
    left = took < want ? 0 : left - took;
    lastTaken = took;
    if (left > 0) {
      unfinished.put(queue, left);
      return new Page<>(items, "r" + left);
    }
    unfinished.remove(queue);
    return new Page<>(items, null);
  }

  @Override
  public synchronized long replay(String queue, DeadLetterFilter filter) {
    Objects.requireNonNull(filter, "filter");
    long[] n = new long[1];
    wholeWalk(queue, (s, letter) -> {
      // A live job with the same id wins; its dead copy stays for a later replay.
      if (filter.matches(letter) && !broker.ids().contains(queue, s.id())) {
        n[0]++;
        return Action.REPLAY;
      }
      return Action.KEEP;
    });
    if (n[0] > 0) {
      broker.wake();
    }
    return n[0];
  }

  @Override
  public synchronized long purge(String queue, DeadLetterFilter filter) {
    Objects.requireNonNull(filter, "filter");
    if (filter instanceof DeadLetterFilter.All) {
      return purgeAll(queue);
    }
    long[] n = new long[1];
    wholeWalk(queue, (s, letter) -> {
      if (filter.matches(letter)) {
        n[0]++;
        return Action.DROP;
      }
      return Action.KEEP;
    });
    return n[0];
  }

  /**
   * Every letter goes, so nothing is read: one {@code queue.purge} of the DLQ, a single round
   * trip whatever its size, where a walk would take and ack each letter (minutes for 100k). An
   * abandoned listing pass has nothing left to finish. Letters another process holds unacked in
   * its own walk at that moment are not purged (RabbitMQ purges ready messages only); that walk
   * puts them back, as it would after a purge by walk.
   */
  private long purgeAll(String queue) {
    broker.declareQueue(queue);
    unfinished.remove(queue);
    lastTaken = 0;
    return Math.max(0, broker.admin().purge(Topology.deadLetters(queue)));
  }

  /** One walk over every letter now in the DLQ, after finishing an abandoned listing. */
  private void wholeWalk(String queue, Decide decide) {
    broker.declareQueue(queue);
    Long abandoned = unfinished.remove(queue);
    if (abandoned != null && abandoned > 0) {
      walk(queue, abandoned, (s, l) -> Action.KEEP, l -> {});
    }
    long n = Math.max(0, broker.admin().count(Topology.deadLetters(queue)));
    lastTaken = n == 0 ? 0 : walk(queue, n, decide, l -> {});
  }

  /**
   * Takes up to {@code max} letters from the DLQ's head in batches; per batch, publishes what
   * stays (to the DLQ's tail) and what is replayed (to its work queue) with confirms, then acks
   * the batch. Returns how many letters it took.
   */
  private long walk(String queue, long max, Decide decide, Seen seen) {
    String dlq = Topology.deadLetters(queue);
    Channel ch = channel;
    if (ch == null || !ch.isOpen()) {
      try {
        ch = broker.connection().createChannel();
      } catch (IOException | ShutdownSignalException e) {
        throw unavailable(queue, e);
      }
      if (ch == null) {
        throw new BrokerUnavailableException("RabbitMQ at " + broker.where()
            + " has no channel free to walk the dead letters of " + queue);
      }
      channel = ch;
    }
    long took = 0;
    boolean ok = false;
    try {
      while (took < max) {
        Instant now = broker.clock().instant();
        List<Outgoing> out = new ArrayList<>();
        List<String> replayed = new ArrayList<>();
        long last = -1;
        for (int i = 0; i < BATCH && took < max; i++) {
          GetResponse g = ch.basicGet(dlq, false);
          if (g == null) {
            break;
          }
          took++;
          last = g.getEnvelope().getDeliveryTag();
          Stored s = Codec.read(queue, g.getEnvelope(), g.getProps(), g.getBody(), now);
          DeadLetter letter = letter(queue, s, now);
          Action a = decide.decide(s, letter);
          if (a == Action.KEEP) {
            seen.letter(letter);
            out.add(new Outgoing("", dlq, unchanged(g.getProps()), g.getBody()));
          } else if (a == Action.REPLAY) {
            out.add(broker.route(s.copy(0, null, null).reborn(Incarnations.fresh()), now));
            replayed.add(s.id());
          }
        }
        if (last < 0) {
          break; // the DLQ is shorter than expected (another process took letters)
        }
        broker.publisher().publish(out);
        for (String id : replayed) {
          broker.ids().add(queue, id, now.plus(broker.config().dedupWindow()));
        }
        ch.basicAck(last, true);
      }
      ok = true;
      return took;
    } catch (IOException | ShutdownSignalException e) {
      throw unavailable(queue, e);
    } finally {
      if (!ok) {
        // A batch taken but not settled: closing the channel returns it to the DLQ (the only
        // way a letter goes back, and only on a failure).
        try {
          if (ch.isOpen()) {
            ch.close();
          }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
          // Going away anyway.
        }
      }
    }
  }

  /** The properties a letter arrived with, for its re-publish (RabbitMQ's count removed). */
  private static AMQP.BasicProperties unchanged(AMQP.BasicProperties p) {
    if (p.getHeaders() == null || !p.getHeaders().containsKey("x-delivery-count")) {
      return p;
    }
    Map<String, Object> h = new java.util.HashMap<>(p.getHeaders());
    h.remove("x-delivery-count");
    return p.builder().headers(h).build();
  }

  private BrokerUnavailableException unavailable(String queue, Exception e) {
    return new BrokerUnavailableException("RabbitMQ at " + broker.where()
        + " failed to walk the dead letters of " + queue + ": " + Admin.reason(e), e);
  }

  private static DeadLetter letter(String queue, Stored s, Instant now) {
    JobFailure f = s.failure();
    if (f == null) {
      f = new JobFailure(FailureReason.DELIVERY_LIMIT, "", "found in the dead-letter queue"
          + " without a Docket failure record", "", s.deliveryCount() - 1, now, "rabbitmq");
    }
    return new DeadLetter(queue, s.id(), s.body(), s.headers(), s.priority(), s.enqueuedAt(), f);
  }

  private static long parseCursor(String cursor) {
    try {
      if (!cursor.startsWith("r")) {
        throw new NumberFormatException();
      }
      long n = Long.parseLong(cursor.substring(1));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor of the RabbitMQ broker: " + cursor);
    }
  }
}
