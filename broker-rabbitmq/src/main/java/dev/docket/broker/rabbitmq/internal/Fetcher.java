package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.BrokerUnavailableException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch side of {@link RabbitCore}: one {@link Source} per work queue, the strict-order
 * barrier across queues and bands, and turning buffered deliveries into leases.
 *
 * {@link Leaser} turns them into leases.
 */
final class Fetcher {
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  private final RabbitCore broker;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  /** Background refreshes of the barrier's answers (see earlierPending). */
  private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
  private final Leaser leaser;
  private final HeldCopies held = new HeldCopies();

  Fetcher(RabbitCore broker) {
    this.broker = broker;
    this.leaser = new Leaser(broker, this::pushBack, held);
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
    return src == null ? 0 : locked(src::buffered);
  }

  /** Acks and drops every buffered delivery of AMQP queue {@code amqp} (purge). */
  long dropBuffered(String amqp) {
    Source src = sources.get(amqp);
    if (src == null) {
      return 0;
    }
    Deque<Source.Buffered> drained = locked(src::drain);
    drained.addAll(held.drain(amqp));
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
      // Held copies that are due to ask their claim again come first: they are the oldest.
      List<Source.Buffered> offered = held.due(broker.time().nanoTime(), request.maxMessages());
      List<Source.Buffered> taken = new ArrayList<>(offered);
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
          if (config.prefetch() == 0) {
            for (Source s : order) {
              s.widenIfLeased(RabbitCore.MAX_AUTO_WINDOW);
            }
          }
          long left = deadline - broker.time().nanoTime();
          if (left <= 0) {
            return List.of();
          }
          // Woken by any delivery; the bound re-checks consumers whose channel died.
          arrived.awaitNanos(Math.min(Math.min(left, RabbitCore.WAKE_CHECK.toNanos()),
              held.nanosToNext(broker.time().nanoTime())));
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
      if (first > 0 && broker.time().nanoTime() - start < RabbitCore.BARRIER.toNanos()
          && earlierPending(order.subList(0, first))) {
        // An earlier queue or higher band has messages on their way to us: serve them first.
        pushBack(taken);
        held.settled(offered);
        lock.lockInterruptibly();
        try {
          arrived.awaitNanos(RabbitCore.BARRIER_WAIT.toNanos());
        } finally {
          lock.unlock();
        }
        continue;
      }
      List<Delivery> out = leaser.lease(taken, request.lease(), offered);
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
      if (!locked(() -> s.hasRoom() && s.buffered() == 0)) {
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

  /** What {@code action} returns, run under the lock that guards every source's buffer. */
  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
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

  void close() {
    checks.shutdown();
    sources.values().forEach(Source::close);
  }
}
