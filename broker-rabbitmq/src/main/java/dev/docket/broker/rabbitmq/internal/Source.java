package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One work queue consumed with {@code basic.consume} on its own channel, with a prefetch limit;
 * deliveries wait in a local buffer until a fetch leases them (they stay unacknowledged at
 * RabbitMQ all along, so a crash hands them back). A pull on {@code basic.get} would be simpler,
 * but on a quorum queue every get is a Raft command with an fsync (about 200 per second).
 *
 * <p>An ack must go to the channel that received the delivery, so each delivery remembers its
 * channel's generation. A channel that RabbitMQ closes (for instance when a delivery stays
 * unacknowledged past the server's {@code consumer_timeout}) has its unacknowledged deliveries
 * returned to the queue by RabbitMQ; the next fetch opens a new channel of a new generation, and
 * leases of the old one are refused. Guarded by the broker's lock.
 */
final class Source {
  private static final Logger LOG = LoggerFactory.getLogger(Source.class);

  /** Where a delivery was received; valid while its source still has that channel and epoch. */
  record Handle(Source source, Channel channel, long generation, long epoch) {}

  /**
   * A delivery waiting in the buffer.
   *
   * @param returns the returns counted for it in the id store once it was seen as a
   *     redelivery ({@link dev.docket.spi.LiveIdRegistry#countReturn}), so a delivery put back or
   *     held is not counted twice; -1 before
   */
  record Buffered(Handle handle, Envelope envelope, AMQP.BasicProperties properties,
      byte[] body, int returns) {

    /** A delivery just received: its returns not counted. */
    Buffered(Handle handle, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      this(handle, envelope, properties, body, -1);
    }

    /** This delivery with its returns counted. */
    Buffered counted(int count) {
      return new Buffered(handle, envelope, properties, body, count);
    }
  }

  final String queue;
  final String amqpQueue;
  private final Connection connection;
  private final Recovery recovery;
  private final ReentrantLock lock;
  private final Condition arrived;
  private final String where;
  private final Deque<Buffered> buffer = new ArrayDeque<>();
  private volatile @Nullable Channel channel;
  private volatile long generation;
  private final java.util.concurrent.atomic.AtomicLong generations =
      new java.util.concurrent.atomic.AtomicLong();
  private int prefetch;
  /** How long an empty answer from RabbitMQ stands for the barrier (other clients' publishes). */
  static final long RECHECK_NANOS = 50_000_000L;
  /** Publishes of this client to the queue, and how many of them the last empty answer saw. */
  private final java.util.concurrent.atomic.AtomicLong publishes =
      new java.util.concurrent.atomic.AtomicLong(1);
  private volatile long checkedPublishes;
  private volatile long checkedAt;
  /** Leases of this source's current channel, to know whether more deliveries can come. */
  private final AtomicInteger leased = new AtomicInteger();

  Source(String queue, String amqpQueue, Connection connection, Recovery recovery,
      ReentrantLock lock, Condition arrived, String where) {
    this.queue = queue;
    this.amqpQueue = amqpQueue;
    this.connection = connection;
    this.recovery = recovery;
    this.lock = lock;
    this.arrived = arrived;
    this.where = where;
  }

  /** Starts consuming if not consuming on an open channel. Call under the lock. */
  void ensureConsuming(int wantedPrefetch) throws IOException {
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      return;
    }
    buffer.clear(); // deliveries of a dead channel went back to the queue
    leased.set(0);
    prefetch = wantedPrefetch;
    ch = connection.createChannel();
    if (ch == null) {
      // Each band of each queue a worker serves is consumed on a channel of its own, so that a
      // channel error (a queue deleted) ends one consumer, not every one on the connection.
      throw new IOException("no channel available: this connection allows "
          + connection.getChannelMax() + " channels (channel_max) and a worker consumes each"
          + " priority band of each queue it serves on a channel of its own (queues x"
          + " priorityBands); serve fewer queues per worker, spread them over several Docket"
          + " clients, or lower priorityBands (cannot consume " + amqpQueue + ")");
    }
    long gen = generations.incrementAndGet();
    generation = gen;
    ch.addShutdownListener(this::closed);
    ch.basicQos(prefetch, false);
    consume(ch, gen);
    channel = ch;
  }

  /**
   * Widens the prefetch window by {@code more} when every delivery it allows is leased and a
   * fetch still wants jobs: a worker holding early delayed jobs until their eta (their
   * deliveries stay unacknowledged meanwhile) would otherwise receive nothing new, not even jobs
   * due before the held ones. The window doubles, up to {@code max}: a second consumer on the
   * same channel brings its own window (a consumer's prefetch is fixed when it starts), and acks
   * stay on the channel. Call under the lock.
   */
  void widenIfLeased(int max) throws IOException {
    Channel ch = channel;
    int more = Math.min(prefetch, max - prefetch);
    if (ch == null || !ch.isOpen() || !buffer.isEmpty() || leased.get() < prefetch
        || more <= 0) {
      return;
    }
    ch.basicQos(more, false);
    consume(ch, generation);
    prefetch += more;
  }

  private void consume(Channel consuming, long gen) throws IOException {
    consuming.basicConsume(amqpQueue, false, new DefaultConsumer(consuming) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props,
          byte[] body) {
        lock.lock();
        try {
          insert(new Buffered(new Handle(Source.this, consuming, gen, recovery.epoch()),
              envelope, props, body));
          arrived.signalAll();
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void handleCancel(String consumerTag) {
        LOG.warn("RabbitMQ at {} cancelled the consumer of {} (queue deleted?)", where,
            amqpQueue);
        Publisher.closeQuietly(consuming);
      }
    });
  }

  /**
   * Adds a delivery behind every buffered one of equal or higher priority, so a message that
   * arrives while lower ones wait in the buffer still goes first (priority beats prefetch).
   */
  private void insert(Buffered b) {
    int p = priority(b);
    if (buffer.isEmpty() || priority(buffer.peekLast()) >= p) {
      buffer.addLast(b);
      return;
    }
    Deque<Buffered> lower = new ArrayDeque<>();
    while (!buffer.isEmpty() && priority(buffer.peekLast()) < p) {
      lower.addFirst(buffer.pollLast());
    }
    buffer.addLast(b);
    buffer.addAll(lower);
  }

  private static int priority(Buffered b) {
    Integer p = b.properties().getPriority();
    return p == null ? 0 : p;
  }

  /** The next buffered delivery, or null. Call under the lock. */
  @Nullable Buffered poll() {
    return buffer.pollFirst();
  }

  /** Puts a delivery back at the front (an interrupted fetch). Call under the lock. */
  void pushBack(Buffered b) {
    buffer.addFirst(b);
  }

  int buffered() {
    return buffer.size();
  }

  /**
   * Whether the barrier must ask RabbitMQ, waiting for the answer, if this source has messages
   * on their way: when this client published to it since the last empty answer.
   */
  boolean needsCheck() {
    return publishes.get() != checkedPublishes;
  }

  /**
   * Whether the last empty answer is older than {@link #RECHECK_NANOS} (other clients may have
   * published since): it is then refreshed in the background, so a fetch does not wait for a
   * passive declare (tens of ms on a busy quorum queue) just to learn that nothing changed.
   */
  boolean stale(long nowNanos) {
    return nowNanos - checkedAt >= RECHECK_NANOS;
  }

  /** When the last empty answer was asked for, in nanoseconds of the broker's time source. */
  long checkedAt() {
    return checkedAt;
  }

  /** The publish count to hand to {@link #checkedEmpty} for a check starting now. */
  long publishes() {
    return publishes.get();
  }

  /**
   * The server said this source had nothing ready when asked at {@code askedNanos}, after
   * {@code seen} publishes of this client (later ones still need a check).
   */
  void checkedEmpty(long askedNanos, long seen) {
    checkedAt = askedNanos;
    checkedPublishes = seen;
  }

  /** A background check found ready messages: the next barrier asks again and waits. */
  void checkedReady() {
    publishes.incrementAndGet();
  }

  /** This client just published to the source's queue. */
  void published() {
    publishes.incrementAndGet();
  }

  /** Whether RabbitMQ may still push deliveries here: the prefetch is not used up. */
  boolean hasRoom() {
    Channel ch = channel;
    return ch != null && ch.isOpen() && buffer.size() + leased.get() < prefetch;
  }

  /** A delivery of {@code h} was leased. */
  void leased(Handle h) {
    if (h.generation() == generation) {
      leased.incrementAndGet();
    }
  }

  /** A lease of {@code h} ended (settled, expired or lost). */
  void settled(Handle h) {
    if (h.generation() == generation) {
      leased.decrementAndGet();
    }
  }

  /** Takes every buffered delivery out (purge). Call under the lock. */
  Deque<Buffered> drain() {
    Deque<Buffered> out = new ArrayDeque<>(buffer);
    buffer.clear();
    return out;
  }

  /** Whether deliveries received through {@code h} can still be settled on its channel. */
  boolean valid(Handle h) {
    return channel == h.channel() && generation == h.generation()
        && h.epoch() == recovery.epoch() && h.channel().isOpen();
  }

  /**
   * Logs why the channel closed. It takes no lock: it runs on the connection's reader thread,
   * which a fetch holding the lock may be waiting on; waiting fetches re-check their consumers
   * within {@link RabbitCore#WAKE_CHECK} instead.
   */
  private void closed(ShutdownSignalException cause) {
    if (cause.isInitiatedByApplication() || cause.isHardError()) {
      return;
    }
    String reason = String.valueOf(cause.getReason());
    if (reason.contains("timed out")) {
      LOG.warn("RabbitMQ at {} closed the channel consuming {} because a delivery stayed"
          + " unacknowledged longer than its consumer_timeout; the channel's leased jobs went"
          + " back to the queue and will run again. Raise consumer_timeout (rabbitmq.conf) above"
          + " the longest job. Server said: {}", where, amqpQueue, reason);
    } else {
      LOG.warn("RabbitMQ at {} closed the channel consuming {}; its leased jobs went back to the"
          + " queue. Server said: {}", where, amqpQueue, reason);
    }
  }

  void close() {
    Publisher.closeQuietly(channel);
  }
}
