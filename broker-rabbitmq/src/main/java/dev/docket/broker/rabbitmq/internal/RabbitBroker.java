package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.AmbiguousBrokerException;
import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.InvalidConfigException;
import dev.docket.JobFailure;
import dev.docket.NoBrokerFoundException;
import dev.docket.PayloadTooLargeException;
import dev.docket.QueueStats;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.Redaction;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ broker. Two connections: one consumes (a channel per work queue) and carries the
 * admin channel for declarations and counts, the other publishes on confirm channels. RabbitMQ's
 * flow control blocks a connection that publishes faster than its queues take messages, and on a
 * shared connection that would hold back the acks and deliveries of the consumers too (RabbitMQ's
 * own advice: separate publishing and consuming connections). See {@link Topology} for the queues
 * and exchanges, {@link Leases} for lease expiry, {@link DeadLetters} for the DLQ.
 * Thread-safe.
 */
public final class RabbitBroker implements Broker {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitBroker.class);

  /** How late a delayed message may arrive: TTL timers plus one dead-letter hop per set bit. */
  static final Duration DELAY_TOLERANCE = Duration.ofSeconds(1);
  /** The longest delay: tiers repeat every 2^32 ms, so any delay works; stated as 100 years. */
  static final Duration MAX_DELAY = Duration.ofDays(36_525);
  /** How often an idle fetch re-checks that its consumers still have open channels. */
  static final Duration WAKE_CHECK = Duration.ofSeconds(1);
  /** How long a fetch may wait for messages on their way from an earlier queue or band. */
  static final Duration BARRIER = Duration.ofMillis(200);
  /** One wait for them. */
  static final Duration BARRIER_WAIT = Duration.ofMillis(10);

  private final RabbitBrokerConfig config;
  private final Clock clock;
  private final String where;
  private final Connection connection;
  private final Connection publishing;
  private final Recovery recovery;
  private final Admin admin;
  private final Publisher publisher;
  private final Fetcher fetcher;
  private final Settler settler;
  private final Leases leases;
  private final LiveIds ids;
  private final DeadLetters deadLetters;
  private final Capabilities capabilities;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final Tiers tiers;
  private volatile boolean closed;

  private RabbitBroker(RabbitBrokerConfig config, Consumer<ConnectionFactory> customizer,
      LiveIds ids) {
    this.config = config;
    this.ids = ids;
    this.clock = config.clock();
    this.where = config.redactedUri();
    this.recovery = new Recovery(where);
    String name = "docket-" + UUID.randomUUID().toString().substring(0, 8);
    this.connection = Connector.open(config, customizer, name);
    try {
      this.publishing = Connector.open(config, customizer, name + "-publish");
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
    recovery.attach(connection);
    // Its own recovery: an epoch ends only when the consuming connection (the one holding the
    // deliveries) is lost; the publisher only waits for its connection to come back.
    Recovery publishRecovery = new Recovery(where + " (publishing)");
    publishRecovery.attach(publishing);
    this.admin = new Admin(connection, where);
    this.tiers = new Tiers(admin, recovery, Topology.bands(config));
    this.publisher = new Publisher(publishing, publishRecovery, where, config.publishChannels());
    this.fetcher = new Fetcher(this);
    this.settler = new Settler(this);
    this.leases = new Leases(clock, settler::expire);
    this.deadLetters = new DeadLetters(this);
    int levels = config.priorityLevels();
    this.capabilities = new Capabilities(levels > 1, levels, true, config.maxMessageBytes(),
        MAX_DELAY, DELAY_TOLERANCE, false, false, Duration.ofMillis(100));
    try {
      declareDelayExchanges();
    } catch (RuntimeException e) {
      closeConnection();
      throw e;
    }
  }

  /**
   * Connects with {@code config}; when {@link RabbitBrokerConfig#idStore()} is set, opens that
   * state store (through its {@link StoreProvider}) for idempotent enqueue across processes.
   */
  public static RabbitBroker open(RabbitBrokerConfig config) {
    return open(config, f -> {});
  }

  /** Connects with {@code config}, letting {@code customizer} adjust the connection factory. */
  public static RabbitBroker open(RabbitBrokerConfig config,
      Consumer<ConnectionFactory> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    URI store = config.idStore();
    LiveIds ids = store == null ? new IdRegistry()
        : new StoreIds(openStore(store, config), config.clock(), true);
    return open(config, customizer, ids);
  }

  /**
   * Connects with {@code config}, keeping live job ids in {@code idStore}, shared with every
   * process that publishes to the same queues; the caller keeps ownership of the store.
   */
  public static RabbitBroker open(RabbitBrokerConfig config, StateStore idStore) {
    Objects.requireNonNull(idStore, "idStore");
    return open(config, f -> {}, new StoreIds(idStore, config.clock(), false));
  }

  private static RabbitBroker open(RabbitBrokerConfig config,
      Consumer<ConnectionFactory> customizer, LiveIds ids) {
    try {
      return new RabbitBroker(config, customizer, ids);
    } catch (RuntimeException e) {
      ids.close();
      throw e;
    }
  }

  private static StateStore openStore(URI uri, RabbitBrokerConfig config) {
    try {
      return StoreProvider.open(uri, config.clock(), RabbitBroker.class.getClassLoader());
    } catch (NoBrokerFoundException | AmbiguousBrokerException e) {
      throw new InvalidConfigException(List.of("RabbitMQ option " + RabbitBrokerConfig.ID_STORE
          + "=" + Redaction.redact(uri) + ": " + e.getMessage()));
    }
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  RabbitBrokerConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  String where() {
    return where;
  }

  Connection connection() {
    return connection;
  }

  Connection publishingConnection() {
    return publishing;
  }

  LiveIds ids() {
    return ids;
  }

  Publisher publisher() {
    return publisher;
  }

  Admin admin() {
    return admin;
  }

  Recovery recovery() {
    return recovery;
  }

  Leases leases() {
    return leases;
  }

  boolean isClosed() {
    return closed;
  }

  // ---- Topology ----

  private void declareDelayExchanges() {
    admin.run("declare the delay exchanges", ch -> {
      ch.exchangeDeclare(Topology.DELIVER, "topic", true);
      for (int k = 0; k < Topology.LEVELS; k++) {
        ch.exchangeDeclare(Topology.levelExchange(k), "topic", true);
      }
      for (int k = 0; k < Topology.LEVELS; k++) {
        // A zero bit passes the message straight to the next lower level.
        ch.exchangeBind(Topology.levelExchange(k - 1), Topology.levelExchange(k),
            Topology.levelPattern(k, '0', "#"));
      }
      return Boolean.TRUE;
    });
  }

  @Override
  public void declareQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    if (declared.contains(queue)) {
      return;
    }
    checkBands(queue);
    admin.run("declare queue " + queue, ch -> {
      ch.queueDeclare(Topology.deadLetters(queue), true, false, false,
          Topology.deadLetterArgs(config));
      for (int b = 0; b < Topology.bands(config); b++) {
        String name = Topology.band(queue, b);
        ch.queueDeclare(name, true, false, false, Topology.workArgs(queue, config));
        ch.queueBind(name, Topology.DELIVER, Topology.deliverPattern(b, queue));
      }
      // Delay tiers come later, when a delay first needs them (Tiers).
      return Boolean.TRUE;
    });
    declared.add(queue);
  }

  /**
   * Refuses to serve a queue that has more priority bands at RabbitMQ than this configuration
   * (another process runs with a larger {@code priorityBands}, or classic and quorum mixed):
   * this process would never consume the higher bands, and jobs routed there would wait unseen.
   * One passive check per queue and process; a mismatch is a configuration error, said loudly.
   */
  private void checkBands(String queue) {
    int bands = Topology.bands(config);
    if (bands < 10 && admin.count(Topology.band(queue, bands)) >= 0) {
      throw new InvalidConfigException(List.of("RabbitMQ queue " + Topology.band(queue, bands)
          + " exists, so queue '" + queue + "' has more priority bands than this process's "
          + RabbitBrokerConfig.QUEUE_TYPE + "=" + config.queueType().name().toLowerCase(
              java.util.Locale.ROOT) + ", " + RabbitBrokerConfig.PRIORITY_BANDS + "=" + bands
          + ": every process must use the same " + RabbitBrokerConfig.PRIORITY_BANDS
          + " and " + RabbitBrokerConfig.QUEUE_TYPE));
    }
  }

  /**
   * Deletes every AMQP queue of {@code queue} (work bands, DLQ, delay tiers). For tests and
   * tools; jobs in them are gone.
   */
  public void deleteQueue(String queue) {
    for (int b = 0; b < Topology.bands(config); b++) {
      fetcher.forget(Topology.band(queue, b));
    }
    admin.run("delete queue " + queue, ch -> {
      for (String name : Topology.allQueues(queue, config)) {
        ch.queueDelete(name);
      }
      return Boolean.TRUE;
    });
    declared.remove(queue);
    tiers.forget(queue);
  }

  // ---- Publish ----

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(messages, "messages");
    for (Message m : messages) {
      if (m.body().length > config.maxMessageBytes()) {
        throw new PayloadTooLargeException("job " + m.id() + " is " + m.body().length
            + " bytes; the RabbitMQ broker accepts at most " + config.maxMessageBytes()
            + " (option " + RabbitBrokerConfig.MAX_MESSAGE_BYTES + ")");
      }
    }
    declareQueue(queue);
    Instant now = clock.instant();
    List<PublishOutcome> out = new ArrayList<>(messages.size());
    List<Outgoing> batch = new ArrayList<>(messages.size());
    List<String> added = new ArrayList<>();
    try {
      for (Message m : messages) {
        Instant due = m.notBefore() != null && m.notBefore().isAfter(now) ? m.notBefore() : null;
        Instant keep = (due == null ? now : due).plus(config.dedupWindow());
        if (!ids.add(queue, m.id(), keep, now)) {
          out.add(PublishOutcome.DUPLICATE);
          continue;
        }
        added.add(m.id());
        Stored s = new Stored(queue, m.id(), m.body(), m.headers(), m.priority(), now, 0, 0, due,
            null);
        batch.add(route(s, now));
        out.add(PublishOutcome.ACCEPTED);
      }
      publisher.publish(batch);
    } catch (RuntimeException e) {
      // Nothing of the batch is known to be stored: let the caller retry with the same ids.
      added.forEach(id -> ids.remove(queue, id));
      throw e;
    }
    if (!batch.isEmpty()) {
      fetcher.wake();
    }
    return out;
  }

  /**
   * Where a message goes: its band now, or the delay tiers when it is due later (declaring the
   * tiers it will pass through first, so none is missing on its way).
   */
  Outgoing route(Stored s, Instant now) {
    int band = Topology.bandOf(s.priority(), config);
    Instant due = s.due();
    if (due == null || !due.isAfter(now)) {
      String amqp = Topology.band(s.queue(), band);
      Source src = fetcher.source(amqp);
      if (src != null) {
        src.published();
      }
      return Outgoing.toQueue(amqp, s);
    }
    // Round up to whole milliseconds so the tiers never deliver early. The delay travels as
    // TTLs on RabbitMQ's clock, and what a longer delay has left after this pass as a duration
    // (never as a due time another host's clock would compare).
    long ms = Duration.between(now, due).plusNanos(999_999).toMillis();
    long pass = Math.min(ms, (1L << Topology.LEVELS) - 1);
    tiers.ensure(s.queue(), pass);
    return new Outgoing(Topology.levelExchange(Topology.LEVELS - 1),
        Topology.delayKey(pass, band, s.queue()), Codec.properties(s, ms - pass), s.body());
  }

  // ---- Fetch and settle (Fetcher, Settler) ----

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    return fetcher.fetch(request);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return settler.ack(delivery);
  }

  /** Acks one delivery on its channel; false when the channel died (RabbitMQ returns it). */
  boolean ack(Source.Handle h, long tag) {
    try {
      h.channel().basicAck(tag, false);
      return true;
    } catch (IOException | ShutdownSignalException e) {
      return false;
    }
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return settler.release(delivery, delay);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return settler.extendLease(delivery, lease);
  }

  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    Objects.requireNonNull(deliveries, "deliveries");
    return settler.extendLeases(deliveries, lease);
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return settler.deadLetter(delivery, failure);
  }

  // ---- Stats, DLQ, purge ----

  @Override
  public QueueStats stats(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    long ready = buffered(queue);
    for (int b = 0; b < Topology.bands(config); b++) {
      ready += Math.max(0, admin.count(Topology.band(queue, b)));
    }
    long delayed = tiers.delayed(queue);
    long dead = Math.max(0, admin.count(Topology.deadLetters(queue)));
    leases.prune(l -> !l.handle.source().valid(l.handle));
    return new QueueStats(queue, ready, delayed, leases.count(queue), dead, null);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public long purge(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    declareQueue(queue);
    long n = admin.run("purge queue " + queue, ch -> {
      long sum = 0;
      for (int b = 0; b < Topology.bands(config); b++) {
        sum += ch.queuePurge(Topology.band(queue, b)).getMessageCount();
      }
      return sum;
    });
    for (int k = 0; k < Topology.LEVELS; k++) {
      n += Math.max(0, admin.purge(Topology.tier(queue, k))); // -1: not declared yet
      n += Math.max(0, admin.purge(Topology.legacyTier(queue, k)));
    }
    // Deliveries pushed to this client but not leased count as ready: drop them too.
    long dropped = 0;
    for (int b = 0; b < Topology.bands(config); b++) {
      dropped += fetcher.dropBuffered(Topology.band(queue, b));
    }
    leases.prune(l -> !l.handle.source().valid(l.handle));
    ids.removeAll(queue, id -> leases.isLeased(queue, id));
    return n + dropped;
  }

  /** Deliveries of {@code queue} pushed to this client and not leased yet. */
  private long buffered(String queue) {
    long n = 0;
    for (int b = 0; b < Topology.bands(config); b++) {
      n += fetcher.buffered(Topology.band(queue, b));
    }
    return n;
  }

  boolean isLeased(String queue, String id) {
    return leases.isLeased(queue, id);
  }

  void wake() {
    fetcher.wake();
  }

  void checkOpen() {
    if (closed) {
      throw new DocketException("the RabbitMQ broker for " + where + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    fetcher.wake();
    leases.close();
    fetcher.close();
    ids.close();
    closeConnection();
  }

  private void closeConnection() {
    close(connection);
    close(publishing);
  }

  private void close(Connection c) {
    try {
      if (c.isOpen()) {
        c.close(5_000);
      }
    } catch (IOException | ShutdownSignalException e) {
      LOG.debug("closing a connection to RabbitMQ at {}: {}", where, Admin.reason(e));
    }
  }

  @Override
  public String toString() {
    return "RabbitBroker[" + where + ", " + config.queueType() + "]";
  }
}
