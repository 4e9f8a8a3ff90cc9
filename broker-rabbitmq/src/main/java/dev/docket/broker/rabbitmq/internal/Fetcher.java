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
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** Sources one background refresh asks about, so its cost does not grow with the queues. */
  static final int REFRESH_BATCH = 8;
  /** A background refresh runs (one at a time per client). */
  private final AtomicBoolean refreshing = new AtomicBoolean();
  /** When the last background refresh started, in nanoseconds of the broker's time source. */
  private volatile long lastRefresh;
  private volatile boolean refreshed;
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
          && earlierPending(order.subList(0, first), start)) {
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
   * RabbitMQ, and waits for the answers, about every such source this client published to since
   * its last empty answer, all in this one pass: one wait covers them all, where asking one per
   * wait cost a fetch over many queues up to {@link RabbitCore#BARRIER} before it took a job.
   * Older empty answers are refreshed in the background (a positive one makes the next fetch ask
   * and wait); see {@link #refresh}.
   */
  private boolean earlierPending(List<Source> earlier, long start) {
    boolean pending = false;
    List<Source> stale = new ArrayList<>();
    for (Source s : earlier) {
      if (!locked(() -> s.hasRoom() && s.buffered() == 0)) {
        continue;
      }
      long now = broker.time().nanoTime();
      if (s.needsCheck()) {
        if (now - start >= RabbitCore.BARRIER.toNanos()) {
          return true; // out of time: the caller leases what it took
        }
        long seen = s.publishes();
        if (askEmpty(s)) {
          s.checkedEmpty(now, seen);
        }
        // Ready ones are pushed to us; none ready right after our own publish may mean RabbitMQ
        // is already pushing them (pushed messages no longer count as ready). Either way, wait
        // one short round for them.
        pending = true;
      } else if (s.stale(now)) {
        stale.add(s);
      }
    }
    if (!pending && !stale.isEmpty()) {
      refresh(stale);
    }
    return pending;
  }

  /**
   * Whether RabbitMQ says {@code s} has no ready message. A failed count does not escape: the
   * caller holds deliveries it took from the buffers, which would stay unacked on a live channel
   * (stalled until it closes) if it threw. Unknown counts as not empty, so the barrier waits a
   * round, still bounded by {@link RabbitCore#BARRIER}; a dead connection then fails the fetch
   * where the taken deliveries are pushed back.
   */
  private boolean askEmpty(Source s) {
    try {
      return broker.admin().count(s.amqpQueue) <= 0;
    } catch (RuntimeException e) {
      LOG.debug("RabbitMQ at {}: the order check's count of {} failed: {}", broker.where(),
          s.amqpQueue, e.getMessage());
      return false;
    }
  }

  /**
   * Refreshes, in the background, the empty answers of up to {@link #REFRESH_BATCH} of {@code
   * stale} sources, the oldest first; at most one such refresh runs per client, and a new one
   * starts at most once per {@link Source#RECHECK_NANOS}. A refresh per source and fetch made a
   * worker on 100 queues (300 band queues) send RabbitMQ about 3.5 passive declares per job, and
   * the barrier's own checks queued behind them on the admin channel (12 ms each instead of 1).
   */
  private void refresh(List<Source> stale) {
    long now = broker.time().nanoTime();
    if ((refreshed && now - lastRefresh < Source.RECHECK_NANOS)
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    lastRefresh = now;
    refreshed = true;
    // Sorted on a snapshot: a running check may move a source's answer time meanwhile.
    record Aged(Source source, long checkedAt) {}
    List<Source> batch = stale.stream().map(x -> new Aged(x, x.checkedAt()))
        .sorted(Comparator.comparingLong(Aged::checkedAt)).limit(REFRESH_BATCH)
        .map(Aged::source).toList();
    try {
      checks.execute(() -> {
        try {
          batch.forEach(this::recheck);
        } finally {
          refreshing.set(false);
        }
      });
    } catch (RejectedExecutionException e) {
      refreshing.set(false); // closing
    }
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
