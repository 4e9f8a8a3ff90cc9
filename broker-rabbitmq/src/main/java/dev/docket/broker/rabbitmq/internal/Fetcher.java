package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.BrokerUnavailableException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch side of {@link RabbitBroker}: one {@link Source} per work queue, the strict-order
 * barrier across queues and bands, and turning buffered deliveries into leases.
 *
 * <p>Delivery counting: a delivery RabbitMQ hands out a second time (its channel closed without
 * an ack: a killed worker, a consumer timeout) carries no reliable count: classic queues only set
 * {@code redelivered}, and quorum queues count returns in {@code x-delivery-count} by rules that
 * changed in RabbitMQ 4.x. So such a delivery is not leased: a copy recording the lost delivery in
 * {@code x-docket-attempts} is published (confirmed), the original acked, and the copy is
 * delivered as a fresh message with the exact count. Only the rare redelivery path pays for it;
 * the runtime's own limit then ends a crash loop as {@code DELIVERY_LIMIT} on every queue type.
 *
 * <p>Copies: before a delivery is leased its run is claimed ({@link LiveIds#claim}). A copy of a
 * job another lease still runs is published again {@link #HOLD} later (uncounted), and a copy of
 * a run that completed is acked and dropped, so one enqueue runs once even when RabbitMQ holds it
 * twice.
 */
final class Fetcher {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private final RabbitBroker broker;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  /** Background refreshes of the barrier's answers (see earlierPending). */
  private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
  /** Lease tokens: unique per broker instance, cheap (no SecureRandom per delivery). */
  private final String tokenPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong tokens = new AtomicLong();

  Fetcher(RabbitBroker broker) {
    this.broker = broker;
  }

  /** The source of AMQP queue {@code amqp} if this client consumes it. */
  @Nullable Source source(String amqp) {
    return sources.get(amqp);
  }

  /** Stops consuming {@code amqp} (its queue is being deleted). */
  void forget(String amqp) {
    Source src = sources.remove(amqp);
    if (src != null) {
      src.close();
    }
  }

  void wake() {
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Deliveries of AMQP queue {@code amqp} pushed to this client and not leased yet. */
  long buffered(String amqp) {
    Source src = sources.get(amqp);
    if (src == null) {
      return 0;
    }
    lock.lock();
    try {
      return src.buffered();
    } finally {
      lock.unlock();
    }
  }

  /** Acks and drops every buffered delivery of AMQP queue {@code amqp} (purge). */
  long dropBuffered(String amqp) {
    Source src = sources.get(amqp);
    if (src == null) {
      return 0;
    }
    Deque<Source.Buffered> drained;
    lock.lock();
    try {
      drained = src.drain();
    } finally {
      lock.unlock();
    }
    long dropped = 0;
    for (Source.Buffered d : drained) {
      if (src.valid(d.handle()) && broker.ack(d.handle(), d.envelope().getDeliveryTag())) {
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * The sources of a request in the order to drain them: each queue's bands, highest first,
   * queue after queue.
   */
  private List<Source> sources(FetchRequest request) {
    List<Source> out = new ArrayList<>();
    int bands = Topology.bands(broker.config());
    for (String q : request.queues()) {
      for (int b = bands - 1; b >= 0; b--) {
        String amqp = Topology.band(q, b);
        out.add(sources.computeIfAbsent(amqp, k -> new Source(q, k, broker.connection(),
            broker.recovery(), lock, arrived, broker.where())));
      }
    }
    return out;
  }

  List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    long start = broker.time().nanoTime();
    long deadline = start + request.maxWait().toNanos();
    for (String q : request.queues()) {
      broker.declareQueue(q);
    }
    List<Source> order = sources(request);
    RabbitBrokerConfig config = broker.config();
    int prefetch = config.prefetch() > 0 ? config.prefetch()
        : Math.max(RabbitBrokerConfig.MIN_AUTO_PREFETCH, 2 * request.maxMessages());
    while (true) {
      broker.checkOpen();
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
          long left = deadline - broker.time().nanoTime();
          if (left <= 0) {
            return List.of();
          }
          // Woken by any delivery; the bound re-checks consumers whose channel died.
          arrived.awaitNanos(Math.min(left, RabbitBroker.WAKE_CHECK.toNanos()));
          continue;
        }
        if (Thread.interrupted()) {
          pushBack(taken);
          throw new InterruptedException();
        }
      } catch (IOException | ShutdownSignalException e) {
        pushBack(taken);
        throw new BrokerUnavailableException("RabbitMQ at " + broker.where()
            + " refused to consume " + request.queues() + ": " + Admin.reason(e), e);
      } finally {
        if (lock.isHeldByCurrentThread()) {
          lock.unlock();
        }
      }
      if (first > 0 && broker.time().nanoTime() - start < RabbitBroker.BARRIER.toNanos()
          && earlierPending(order.subList(0, first))) {
        // An earlier queue or higher band has messages on their way to us: serve them first.
        pushBack(taken);
        lock.lockInterruptibly();
        try {
          arrived.awaitNanos(RabbitBroker.BARRIER_WAIT.toNanos());
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
      long now = broker.time().nanoTime();
      if (s.needsCheck()) {
        long seen = s.publishes();
        if (broker.admin().count(s.amqpQueue) > 0) {
          return true;
        }
        s.checkedEmpty(now, seen);
        // None ready right after our own publish: RabbitMQ may already be pushing them to this
        // consumer (pushed messages no longer count as ready). Wait one short round for them.
        return true;
      } else if (s.stale(now) && s.startCheck()) {
        try {
          checks.execute(() -> recheck(s));
        } catch (RejectedExecutionException e) {
          s.endCheck(); // closing
        }
      }
    }
    return false;
  }

  /** The background refresh of an empty answer. */
  private void recheck(Source s) {
    try {
      long asked = broker.time().nanoTime();
      long seen = s.publishes();
      if (broker.admin().count(s.amqpQueue) > 0) {
        s.checkedReady();
        wake();
      } else {
        s.checkedEmpty(asked, seen);
      }
    } catch (RuntimeException e) {
      LOG.debug("RabbitMQ at {}: background count of {} failed: {}", broker.where(), s.amqpQueue,
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

  /**
   * Turns buffered deliveries into leases. Records redeliveries and re-delays those with time
   * left first (see the class comment). When a step fails part way (RabbitMQ or the id store
   * unavailable), every delivery not leased yet goes back to the front of its buffer, so the
   * next fetch finds it again instead of it sitting unacknowledged until {@code
   * consumer_timeout}; the leases already made are handed out, or the failure is thrown when
   * there are none.
   */
  private List<Delivery> lease(List<Source.Buffered> taken, Duration lease) {
    List<Delivery> out = new ArrayList<>(taken.size());
    List<Source.Buffered> moved = new ArrayList<>();
    List<Source.Buffered> dropped = new ArrayList<>();
    List<Outgoing> copies = new ArrayList<>();
    int i = 0;
    try {
      Instant now = broker.clock().instant();
      for (; i < taken.size(); i++) {
        Source.Buffered b = taken.get(i);
        Source.Handle h = b.handle();
        if (!h.source().valid(h)) {
          continue; // its channel died: RabbitMQ returned it to the queue
        }
        Stored s = Codec.read(h.source().queue, b.envelope(), b.properties(), b.body(), now);
        Outgoing copy = moveOn(b, s, now);
        if (copy != null) {
          copies.add(copy);
          moved.add(b);
          continue;
        }
        Instant expires = now.plus(lease);
        String token = tokenPrefix + tokens.incrementAndGet();
        LiveIds.Claim claim = broker.ids().claim(s.queue(), s.id(), s.incarnation(), token,
            expires, now);
        if (claim == LiveIds.Claim.DONE) {
          LOG.debug("job {} in {}: a copy of a run that completed, dropped", s.id(), s.queue());
          dropped.add(b);
          continue;
        }
        if (claim == LiveIds.Claim.HELD) {
          // Another lease of this job has not ended: the copy waits, uncounted, and asks again.
          copies.add(broker.route(s.copy(s.attempts(), now.plus(HOLD), null), now));
          moved.add(b);
          continue;
        }
        try {
          broker.ids().extend(s.queue(), s.id(), expires.plus(broker.config().dedupWindow()));
        } catch (RuntimeException e) {
          try {
            broker.ids().unclaim(s.queue(), s.id(), s.incarnation(), token);
          } catch (RuntimeException ex) {
            e.addSuppressed(ex); // the claim lapses with the lease it was for
          }
          throw e;
        }
        h.source().leased(h);
        broker.leases().add(new Lease(token, s, h, b.envelope().getDeliveryTag(), expires));
        out.add(new Delivery(s.queue(), s.id(), s.body(), s.headers(), s.priority(),
            s.deliveryCount(), s.enqueuedAt(), token, expires));
      }
    } catch (RuntimeException e) {
      List<Source.Buffered> back = new ArrayList<>(moved);
      back.addAll(dropped);
      back.addAll(taken.subList(i, taken.size()));
      pushBack(back);
      if (out.isEmpty()) {
        throw e;
      }
      LOG.warn("RabbitMQ at {}: leased {} of {} deliveries, the rest stay buffered for the next"
          + " fetch: {}", broker.where(), out.size(), taken.size(), e.getMessage());
      return out;
    }
    for (Source.Buffered b : dropped) {
      broker.ack(b.handle(), b.envelope().getDeliveryTag());
    }
    if (!copies.isEmpty()) {
      try {
        broker.publisher().publish(copies);
      } catch (RuntimeException e) {
        pushBack(moved);
        if (out.isEmpty()) {
          throw e;
        }
        return out;
      }
      for (Source.Buffered b : moved) {
        broker.ack(b.handle(), b.envelope().getDeliveryTag());
      }
      broker.wake();
    }
    return out;
  }

  /**
   * The copy to publish instead of leasing {@code b}, or null to lease it: a redelivery gets a
   * copy counting its lost delivery; a message with delay left after a full pass of the tiers
   * goes round again for exactly that duration.
   */
  private @Nullable Outgoing moveOn(Source.Buffered b, Stored s, Instant now) {
    long left = Codec.delayLeft(b.properties());
    Instant due = s.due();
    if (left == 0 && due != null && Duration.between(now, due).toMillis() > LEGACY_PASS_MS) {
      // Published before delays travelled as durations: only a genuine multi-pass delay is
      // re-checked against the absolute due time (a clock skew is far smaller than this).
      left = Duration.between(now, due).toMillis();
    }
    if (left > 0) {
      return broker.route(s.copy(s.attempts() + s.serverReturns(), now.plusMillis(left), null),
          now);
    }
    if (s.serverReturns() > 0) {
      return broker.route(s.copy(s.attempts() + s.serverReturns(), null, null), now);
    }
    return null;
  }

  /** How long a copy waits before it asks again whether the lease running its job ended. */
  static final Duration HOLD = Duration.ofSeconds(1);

  /** Half a pass of the tiers: a legacy due time further away than this is a real delay. */
  private static final long LEGACY_PASS_MS = 1L << (Topology.LEVELS - 1);

  void close() {
    checks.shutdown();
    sources.values().forEach(Source::close);
  }
}
