package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.DocketException;
import dev.docket.InvalidConfigException;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.support.PayloadLimit;
import dev.docket.spi.Redaction;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The RabbitMQ broker's implementation behind {@link dev.docket.broker.rabbitmq.RabbitBroker}.
 * Two connections: one consumes (a channel per work queue) and carries the
 * admin channel for declarations and counts, the other publishes on confirm channels. RabbitMQ's
 * flow control blocks a connection that publishes faster than its queues take messages, and on a
 * shared connection that would hold back the acks and deliveries of the consumers too (RabbitMQ's
 * own advice: separate publishing and consuming connections). See {@link Topology} for the queues
 * and exchanges, {@link Enqueue} for publishing, {@link Queues} for declaring, counting and purging them, {@link Fetcher} for
 * fetch and delivery counting, {@link Settler} for settlements and lease extension, {@link
 * Leases} for lease expiry, {@link DeadLetters} for the DLQ. Thread-safe.
 */
public final class RabbitCore implements Broker {

  /** How late a delayed message may arrive: TTL timers plus one dead-letter hop per set bit. */
  static final Duration DELAY_TOLERANCE = Duration.ofSeconds(1);
  /**
   * The most deliveries an automatic prefetch lets RabbitMQ push per work queue once widened:
   * its window grows while every delivery in it is leased (early delayed jobs held in workers
   * until their eta) and a fetch wants more, so held jobs do not stall the queue behind them.
   */
  static final int MAX_AUTO_WINDOW = 1024;
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
  private final TimeSource time;
  private final String where;
  private final Connection connection;
  private final Connection publishing;
  private final Recovery recovery;
  private final Admin admin;
  private final Publisher publisher;
  private final Fetcher fetcher;
  private final Settler settler;
  private final Leases leases;
  private final LiveIdRegistry ids;
  private final Incarnations incarnations = new Incarnations();
  private final DeadLetters deadLetters;
  private final Capabilities capabilities;
  private final Tiers tiers;
  private final Queues queues;
  private final Enqueue enqueue;
  private volatile boolean closed;

  private RabbitCore(RabbitBrokerConfig config, Consumer<ConnectionFactory> customizer,
      LiveIdRegistry ids) {
    this.config = config;
    this.ids = ids;
    this.clock = config.clock();
    this.time = TimeSource.of(clock);
    this.where = config.redactedUri();
    this.recovery = new Recovery(where);
    String name = "docket-" + UUID.randomUUID().toString().substring(0, 8);
    this.connection = Connector.open(config, customizer, name);
    try {
      this.publishing = Connector.open(config, customizer, name + "-publish");
    } catch (RuntimeException e) {
      Connector.close(connection, where);
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
    this.capabilities = Capabilities.builder().messagePriority(levels > 1)
        .priorityLevels(levels).fifo(true).maxMessageBytes(config.maxMessageBytes())
        .maxDelay(MAX_DELAY).delayTolerance(DELAY_TOLERANCE).exactStats(false)
        .controllableClock(false).minLease(Duration.ofMillis(100)).durableDedup(ids.shared())
        .build();
    this.queues = new Queues(this, tiers);
    this.enqueue = new Enqueue(this, tiers, incarnations);
    try {
      queues.declareDelayExchanges();
    } catch (RuntimeException e) {
      closeConnection();
      throw e;
    }
  }

  /**
   * Connects with {@code config}; when {@link RabbitBrokerConfig#idStore()} is set, opens that
   * state store (through its {@link StoreProvider}) for idempotent enqueue across processes.
   */
  public static RabbitCore open(RabbitBrokerConfig config) {
    return open(config, f -> {});
  }

  /** Connects with {@code config}, letting {@code customizer} adjust the connection factory. */
  public static RabbitCore open(RabbitBrokerConfig config,
      Consumer<ConnectionFactory> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    URI store = config.idStore();
    LiveIdRegistry ids = store == null ? LiveIdRegistry.local(TimeSource.of(config.clock()))
        : shared(openStore(store, config), config, true);
    return open(config, customizer, ids);
  }

  /**
   * Connects with {@code config}, keeping live job ids in {@code idStore}, shared with every
   * process that publishes to the same queues; the caller keeps ownership of the store.
   */
  public static RabbitCore open(RabbitBrokerConfig config, StateStore idStore) {
    Objects.requireNonNull(idStore, "idStore");
    return open(config, f -> {}, shared(idStore, config, false));
  }

  private static RabbitCore open(RabbitBrokerConfig config,
      Consumer<ConnectionFactory> customizer, LiveIdRegistry ids) {
    try {
      return new RabbitCore(config, customizer, ids);
    } catch (RuntimeException e) {
      ids.close();
      throw e;
    }
  }

  /**
   * Live ids and run claims in {@code store}, tied to this process's owner heartbeat: a run
   * claim of a killed worker is taken over once its heartbeat is {@code ownerTimeout} old.
   */
  private static LiveIdRegistry shared(StateStore store, RabbitBrokerConfig config,
      boolean owned) {
    return LiveIdRegistry.shared(store, "rabbitmq", "", TimeSource.of(config.clock()),
        config.heartbeat(), config.ownerTimeout(), owned);
  }

  private static StateStore openStore(URI uri, RabbitBrokerConfig config) {
    try {
      return StoreProvider.open(uri, config.clock(), RabbitCore.class.getClassLoader());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(e.problems().stream().map(p -> "RabbitMQ option "
          + RabbitBrokerConfig.ID_STORE + "=" + Redaction.redact(uri) + ": " + p).toList());
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

  /** The time source fetch waits are measured on. */
  TimeSource time() {
    return time;
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

  LiveIdRegistry ids() {
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

  Fetcher fetcher() {
    return fetcher;
  }

  boolean isClosed() {
    return closed;
  }

  // ---- Topology, stats, purge (Queues) ----

  @Override
  public void declareQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    queues.declare(queue);
  }

  /**
   * Deletes every AMQP queue of {@code queue} (work bands, DLQ, delay tiers). For tests and
   * tools; jobs in them are gone.
   */
  public void deleteQueue(String queue) {
    queues.delete(queue);
  }

  @Override
  public QueueStats stats(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    return queues.stats(queue);
  }

  @Override
  public long purge(String queue) {
    Objects.requireNonNull(queue, "queue");
    checkOpen();
    declareQueue(queue);
    return queues.purge(queue);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  // ---- Publish (Enqueue) ----

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return enqueue.publish(queue, messages);
  }

  /** Where a message goes now; see {@link Enqueue#route}. */
  Outgoing route(Stored s, Instant now) {
    return enqueue.route(s, now);
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
    Connector.close(connection, where);
    Connector.close(publishing, where);
  }

  @Override
  public String toString() {
    return "RabbitBroker[" + where + ", " + config.queueType() + "]";
  }
}
