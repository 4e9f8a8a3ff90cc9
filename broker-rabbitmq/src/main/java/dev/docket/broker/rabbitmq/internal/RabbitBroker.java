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
  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final Leases leases;
  private final LiveIds ids;
  private final DeadLetters deadLetters;
  private final Capabilities capabilities;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final Tiers tiers;
  /** Lease tokens: unique per broker instance, cheap (no SecureRandom per delivery). */
  private final String tokenPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final java.util.concurrent.atomic.AtomicLong tokens =
      new java.util.concurrent.atomic.AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  /** Background refreshes of the barrier's answers (see earlierPending). */
  private final java.util.concurrent.ExecutorService checks =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
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
    this.tiers = new Tiers(admin, recovery);
    this.publisher = new Publisher(publishing, publishRecovery, where, config.publishChannels());
    this.leases = new Leases(clock, this::expire);
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
   * Deletes every AMQP queue of {@code queue} (work bands, DLQ, delay tiers). For tests and
   * tools; jobs in them are gone.
   */
  public void deleteQueue(String queue) {
    for (int b = 0; b < Topology.bands(config); b++) {
      Source src = sources.remove(Topology.band(queue, b));
      if (src != null) {
        src.close();
      }
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
      wakeFetchers();
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
      Source src = sources.get(amqp);
      if (src != null) {
        src.published();
      }
      return Outgoing.toQueue(amqp, s);
    }
    // Round up to whole milliseconds so the tiers never deliver early.
    long ms = Duration.between(now, due).plusNanos(999_999).toMillis();
    long pass = Math.min(ms, (1L << Topology.LEVELS) - 1);
    tiers.ensure(s.queue(), pass);
    return new Outgoing(Topology.levelExchange(Topology.LEVELS - 1),
        Topology.delayKey(pass, band, s.queue()), Codec.properties(s), s.body());
  }

  private void wakeFetchers() {
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- Fetch ----

  /**
   * The sources of a request in the order to drain them: each queue's bands, highest first,
   * queue after queue.
   */
  private List<Source> sources(FetchRequest request) {
    List<Source> out = new ArrayList<>();
    for (String q : request.queues()) {
      for (int b = Topology.bands(config) - 1; b >= 0; b--) {
        String amqp = Topology.band(q, b);
        out.add(sources.computeIfAbsent(amqp,
            k -> new Source(q, k, connection, recovery, lock, arrived, where)));
      }
    }
    return out;
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    long deadline = start + request.maxWait().toNanos();
    for (String q : request.queues()) {
      declareQueue(q);
    }
    List<Source> order = sources(request);
    int prefetch = config.prefetch() > 0 ? config.prefetch()
        : Math.max(RabbitBrokerConfig.MIN_AUTO_PREFETCH, 2 * request.maxMessages());
    while (true) {
      checkOpen();
      List<Source.Buffered> taken = new ArrayList<>();
      int first = -1;
      lock.lockInterruptibly();
      try {
        for (Source s : order) {
          s.ensureConsuming(prefetch);
        }
        for (int i = 0; i < order.size() && taken.size() < request.maxMessages(); i++) {
          Source.Buffered b;
          while (taken.size() < request.maxMessages() && (b = order.get(i).poll()) != null) {
            if (first < 0) {
              first = i;
            }
            taken.add(b);
          }
        }
        if (taken.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return List.of();
          }
          // Woken by any delivery; the bound re-checks consumers whose channel died.
          arrived.awaitNanos(Math.min(left, WAKE_CHECK.toNanos()));
          continue;
        }
        if (Thread.interrupted()) {
          pushBack(taken);
          throw new InterruptedException();
        }
      } catch (IOException | ShutdownSignalException e) {
        pushBack(taken);
        throw new BrokerUnavailableException("RabbitMQ at " + where + " refused to consume "
            + request.queues() + ": " + Admin.reason(e), e);
      } finally {
        if (lock.isHeldByCurrentThread()) {
          lock.unlock();
        }
      }
      if (first > 0 && System.nanoTime() - start < BARRIER.toNanos()
          && earlierPending(order.subList(0, first))) {
        // An earlier queue or higher band has messages on their way to us: serve them first.
        pushBack(taken);
        lock.lockInterruptibly();
        try {
          arrived.awaitNanos(BARRIER_WAIT.toNanos());
        } finally {
          lock.unlock();
        }
        continue;
      }
      List<Delivery> out = lease(taken, request.lease());
      if (!out.isEmpty()) {
        return out;
      }
    }
  }

  /**
   * Whether a source that had nothing buffered still has ready messages at RabbitMQ and room
   * to receive them: then they are being pushed to us, and strict order says wait for them. Asks
   * RabbitMQ and waits for the answer after this client published there; an older empty answer
   * is refreshed in the background (a positive one makes the next fetch ask and wait).
   */
  private boolean earlierPending(List<Source> earlier) {
    for (Source s : earlier) {
      boolean room;
      lock.lock();
      try {
        room = s.hasRoom() && s.buffered() == 0;
      } finally {
        lock.unlock();
      }
      if (!room) {
        continue;
      }
      long now = System.nanoTime();
      if (s.needsCheck()) {
        long seen = s.publishes();
        if (admin.count(s.amqpQueue) > 0) {
          return true;
        }
        s.checkedEmpty(now, seen);
        // None ready right after our own publish: RabbitMQ may already be pushing them to this
        // consumer (pushed messages no longer count as ready). Wait one short round for them.
        return true;
      } else if (s.stale(now) && s.startCheck()) {
        try {
          checks.execute(() -> recheck(s));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          s.endCheck(); // closing
        }
      }
    }
    return false;
  }

  /** The background refresh of an empty answer. */
  private void recheck(Source s) {
    try {
      long asked = System.nanoTime();
      long seen = s.publishes();
      if (admin.count(s.amqpQueue) > 0) {
        s.checkedReady();
        wakeFetchers();
      } else {
        s.checkedEmpty(asked, seen);
      }
    } catch (RuntimeException e) {
      LOG.debug("RabbitMQ at {}: background count of {} failed: {}", where, s.amqpQueue,
          e.getMessage());
      s.checkedReady(); // unknown: the next barrier asks and waits
    } finally {
      s.endCheck();
    }
  }

  private void pushBack(List<Source.Buffered> taken) {
    lock.lock();
    try {
      for (int i = taken.size() - 1; i >= 0; i--) {
        Source.Buffered b = taken.get(i);
        b.handle().source().pushBack(b);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Turns buffered deliveries into leases; re-delays any that are not due yet. */
  private List<Delivery> lease(List<Source.Buffered> taken, Duration lease) {
    List<Delivery> out = new ArrayList<>(taken.size());
    for (Source.Buffered b : taken) {
      Source.Handle h = b.handle();
      if (!h.source().valid(h)) {
        continue; // its channel died: RabbitMQ returned it to the queue
      }
      Instant now = clock.instant();
      Stored s = Codec.read(h.source().queue, b.envelope(), b.properties(), b.body(), now);
      Instant due = s.due();
      if (due != null && due.isAfter(now)) {
        // Not due yet (a delay longer than one pass of the tiers): another pass.
        Stored copy = s.copy(s.attempts() + s.serverReturns(), due, null);
        publisher.publish(List.of(route(copy, now)));
        ack(h, b.envelope().getDeliveryTag());
        continue;
      }
      Instant expires = now.plus(lease);
      String token = tokenPrefix + tokens.incrementAndGet();
      h.source().leased(h);
      leases.add(new Lease(token, s, h, b.envelope().getDeliveryTag(), expires));
      ids.extend(s.queue(), s.id(), expires.plus(config.dedupWindow()));
      out.add(new Delivery(s.queue(), s.id(), s.body(), s.headers(), s.priority(),
          s.deliveryCount(), s.enqueuedAt(), token, expires));
    }
    return out;
  }

  // ---- Settle ----

  @Override
  public boolean ack(Delivery delivery) {
    Lease l = leases.claim(delivery.leaseToken(), delivery.id());
    if (l == null) {
      return false;
    }
    l.handle.source().settled(l.handle);
    if (!l.handle.source().valid(l.handle)) {
      return false;
    }
    if (!ack(l.handle, l.deliveryTag)) {
      return false;
    }
    ids.remove(l.message.queue(), l.message.id());
    return true;
  }

  private boolean ack(Source.Handle h, long tag) {
    try {
      h.channel().basicAck(tag, false);
      return true;
    } catch (IOException | ShutdownSignalException e) {
      // The channel died: RabbitMQ returns the delivery, so the lease is lost.
      return false;
    }
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return moveLeased(delivery, l -> {
      Instant now = clock.instant();
      Instant due = delay.isPositive() ? now.plus(delay) : null;
      Stored copy = l.message.copy(l.message.deliveryCount(), due, null);
      ids.extend(l.message.queue(), l.message.id(),
          (due == null ? now : due).plus(config.dedupWindow()));
      return route(copy, now);
    }, false);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    Lease l = leases.get(delivery.leaseToken());
    if (l == null || !l.handle.source().valid(l.handle)) {
      return false;
    }
    boolean ok = leases.extend(delivery.leaseToken(), delivery.id(), lease);
    if (ok) {
      ids.extend(l.message.queue(), l.message.id(),
          clock.instant().plus(lease).plus(config.dedupWindow()));
    }
    return ok;
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    Objects.requireNonNull(failure, "failure");
    return moveLeased(delivery, l -> Outgoing.toQueue(Topology.deadLetters(l.message.queue()),
        l.message.copy(l.message.deliveryCount(), null, failure)), true);
  }

  /** A settlement that publishes a copy somewhere (confirmed), then acks the original. */
  private interface Move {
    Outgoing copy(Lease lease);
  }

  private boolean moveLeased(Delivery delivery, Move move, boolean forget) {
    Lease l = leases.claim(delivery.leaseToken(), delivery.id());
    if (l == null) {
      return false;
    }
    if (!l.handle.source().valid(l.handle)) {
      l.handle.source().settled(l.handle);
      return false;
    }
    try {
      publisher.publish(List.of(move.copy(l)));
    } catch (RuntimeException e) {
      if (l.handle.source().valid(l.handle)) {
        leases.restore(l);
      }
      throw e;
    }
    // The copy is safe; a failed ack here only means a duplicate later, never a loss.
    l.handle.source().settled(l.handle);
    ack(l.handle, l.deliveryTag);
    if (forget) {
      ids.remove(l.message.queue(), l.message.id());
    }
    wakeFetchers();
    return true;
  }

  /** Lease expiry: a copy counting this delivery goes back to the queue, then the ack. */
  private void expire(Lease l) {
    l.handle.source().settled(l.handle);
    if (closed || !l.handle.source().valid(l.handle)) {
      return; // RabbitMQ returned the delivery when its channel closed.
    }
    try {
      publisher.publish(List.of(route(l.message.copy(l.message.deliveryCount(), null, null),
          clock.instant())));
      ack(l.handle, l.deliveryTag);
      wakeFetchers();
    } catch (RuntimeException e) {
      LOG.warn("could not hand back the expired lease of job {} in {} ({}); returning it to the"
          + " queue uncounted", l.message.id(), l.message.queue(), e.getMessage());
      try {
        l.handle.channel().basicNack(l.deliveryTag, false, true);
      } catch (IOException | ShutdownSignalException ex) {
        // The channel is gone: RabbitMQ returns the delivery itself.
      }
    }
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
    }
    // Deliveries pushed to this client but not leased count as ready: drop them too.
    long dropped = 0;
    for (int b = 0; b < Topology.bands(config); b++) {
      Source src = sources.get(Topology.band(queue, b));
      if (src == null) {
        continue;
      }
      Deque<Source.Buffered> drained;
      lock.lock();
      try {
        drained = src.drain();
      } finally {
        lock.unlock();
      }
      for (Source.Buffered d : drained) {
        if (src.valid(d.handle()) && ack(d.handle(), d.envelope().getDeliveryTag())) {
          dropped++;
        }
      }
    }
    leases.prune(l -> !l.handle.source().valid(l.handle));
    ids.removeAll(queue, id -> leases.isLeased(queue, id));
    return n + dropped;
  }

  /** Deliveries of {@code queue} pushed to this client and not leased yet. */
  private long buffered(String queue) {
    long n = 0;
    lock.lock();
    try {
      for (int b = 0; b < Topology.bands(config); b++) {
        Source src = sources.get(Topology.band(queue, b));
        n += src == null ? 0 : src.buffered();
      }
    } finally {
      lock.unlock();
    }
    return n;
  }

  boolean isLeased(String queue, String id) {
    return leases.isLeased(queue, id);
  }

  void wake() {
    wakeFetchers();
  }

  private void checkOpen() {
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
    wakeFetchers();
    leases.close();
    checks.shutdown();
    ids.close();
    sources.values().forEach(Source::close);
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
