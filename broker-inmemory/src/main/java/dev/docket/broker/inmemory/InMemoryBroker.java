package dev.docket.broker.inmemory;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.WaitingMessage;
import dev.docket.spi.support.PayloadLimit;
import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reference broker: every rule of the contract, exact statistics, and all time read from an
 * injected {@link TimeSource}; it declares {@link Capabilities#controllableClock()} when that
 * source is {@link TimeSource#controllable()}. With a controllable source (a {@code
 * dev.docket.testing.ManualClock}), a job due in an hour is delivered the moment the test advances
 * the clock by an hour, and a blocked fetch wakes up then. State lives in this
 * JVM only: it is for tests, demos and single-process use. Thread-safe (one lock). The
 * dead-letter queue's listing, replay and purge are in {@link InMemoryDeadLetters}.
 *
 * @since 0.1
 */
public final class InMemoryBroker implements Broker {

  /** Largest body accepted by default: 1 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

  /** How late a due message may arrive on a real clock: well under this. */
  static final Duration DELAY_TOLERANCE = Duration.ofMillis(100);

  private final TimeSource clock;
  private final Capabilities capabilities;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, QueueState> queues = new HashMap<>();
  private final Faults faults = new Faults();
  private final TimeSource.Subscription onChange;
  private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters(this);
  private final InMemoryBrowser browser = new InMemoryBrowser(this);
  private final InMemoryWaiting waiting = new InMemoryWaiting(this);
  private long seq;
  private long leaseSeq;
  private boolean closed;

  private InMemoryBroker(InMemoryBrokerConfig config) {
    this.clock = config.time();
    this.capabilities = Capabilities.builder().messagePriority(true)
        .priorityLevels(Message.MAX_PRIORITY + 1).fifo(true).maxMessageBytes(config.maxMessageBytes())
        .maxDelay(Duration.ofDays(365L * 100)).delayTolerance(DELAY_TOLERANCE).exactStats(true)
        .controllableClock(clock.controllable()).minLease(Duration.ofMillis(1))
        .listQueues(true).browse(true).moveWaiting(true).restoreDeadLetters(true)
        .durableDedup(true).build();
    this.onChange = clock.onChange(this::signalAll);
  }

  /** A broker with {@code config}'s limits and time source. */
  public static InMemoryBroker create(InMemoryBrokerConfig config) {
    return new InMemoryBroker(Objects.requireNonNull(config, "config"));
  }

  /**
   * A broker on {@code time} with default limits: shorthand for {@code
   * create(InMemoryBrokerConfig.builder().time(time).build())}, the common test double.
   */
  public static InMemoryBroker create(TimeSource time) {
    return create(InMemoryBrokerConfig.builder().time(time).build());
  }

  /**
   * Makes the next {@code times} operations of the fault's kind fail as {@link Fault} describes.
   */
  public void injectFault(Fault fault, int times) {
    Objects.requireNonNull(fault, "fault");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    locked(() -> faults.arm(fault, times));
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void declareQueue(String queue) {
    whileOpen(() -> queue(queue));
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    PayloadLimit.check("in-memory broker", messages, capabilities.maxMessageBytes(),
        "option " + InMemoryBrokerConfig.MAX_MESSAGE_BYTES);
    return whileOpen(() -> {
      if (faults.take(Fault.REJECT_PUBLISH)) {
        throw new BrokerUnavailableException("publish rejected (injected fault REJECT_PUBLISH)");
      }
      QueueState q = queue(queue);
      Instant now = clock.instant();
      List<PublishOutcome> out = new ArrayList<>(messages.size());
      for (Message m : messages) {
        if (q.live.containsKey(m.id())) {
          out.add(PublishOutcome.DUPLICATE);
          continue;
        }
        Entry e = new Entry(m.id(), m.body().clone(), m.headers(), m.priority(), now, ++seq);
        q.live.put(e.id, e);
        if (m.notBefore() != null && m.notBefore().isAfter(now)) {
          q.addDelayed(e, m.notBefore());
        } else {
          q.addReady(e, now);
        }
        out.add(PublishOutcome.ACCEPTED);
      }
      changed.signalAll();
      return out;
    });
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    long deadline = clock.nanoTime() + request.maxWait().toNanos();
    lock.lockInterruptibly();
    try {
      while (true) {
        checkOpen();
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        Instant now = clock.instant();
        List<Delivery> out = Takes.take(queues, request, now, faults, () -> "lease-" + ++leaseSeq);
        if (!out.isEmpty()) {
          return out;
        }
        long left = deadline - clock.nanoTime();
        if (left <= 0) {
          return out;
        }
        // Wake at the next due or expiry instant on a real clock; a controllable one signals us.
        Instant next = Takes.nextEvent(queues, request.queues());
        if (next != null && !clock.controllable()) {
          long untilNext = Duration.between(now, next).toNanos();
          left = Math.max(1, Math.min(left, untilNext));
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean ack(Delivery delivery) {
    return whileOpen(() -> {
      QueueState q = queues.get(delivery.queue());
      if (q == null) {
        return false;
      }
      Entry e = q.leased.get(delivery.leaseToken());
      if (e == null || !e.id.equals(delivery.id())) {
        return false;
      }
      if (faults.take(Fault.LOSE_ACK)) {
        return true;
      }
      q.removeLeased(delivery.leaseToken());
      q.live.remove(e.id);
      return true;
    });
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return withLease(delivery, (q, e) -> {
      Instant now = clock.instant();
      if (delay.isZero() || delay.isNegative()) {
        q.addReady(e, now);
      } else {
        q.addDelayed(e, now.plus(delay));
      }
      changed.signalAll();
    });
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return whileOpen(() -> {
      QueueState q = queues.get(delivery.queue());
      if (q == null) {
        return false;
      }
      Instant now = clock.instant();
      q.promote(now);
      Entry e = q.removeLeased(delivery.leaseToken());
      if (e == null) {
        return false;
      }
      q.addLeased(e, delivery.leaseToken(), now.plus(lease));
      return true;
    });
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    Objects.requireNonNull(failure, "failure");
    return withLease(delivery, (q, e) -> deadLetters.add(q, e, failure));
  }

  @Override
  public QueueStats stats(String queue) {
    return whileOpen(() -> {
      QueueState q = queues.get(queue);
      if (q == null) {
        return QueueStats.empty(queue);
      }
      q.promote(clock.instant());
      return q.stats();
    });
  }

  /**
   * Whether this broker holds {@code queue}: it was declared or published to. Stats and fetches
   * never add a queue. For tests (the TCK's {@code queueExists} hook); works after {@link
   * #close} too.
   *
   * @param queue the queue name
   * @return whether the queue exists here
   */
  public boolean hasQueue(String queue) {
    lock.lock();
    try {
      return queues.containsKey(queue);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public QueueBrowser browser() {
    return browser;
  }

  @Override
  public List<WaitingMessage> delayedMessages(String queue, int limit) {
    return waiting.delayed(queue, limit);
  }

  @Override
  public Set<String> removeWaiting(String queue, Collection<String> ids) {
    return waiting.remove(queue, ids);
  }

  @Override
  public long purge(String queue) {
    return whileOpen(() -> {
      QueueState q = queues.get(queue);
      return q == null ? 0 : q.removeWaiting().size();
    });
  }

  @Override
  public void close() {
    locked(() -> {
      closed = true;
      changed.signalAll();
    });
    onChange.close();
  }

  @Override
  public String toString() {
    return "InMemoryBroker[queues=" + queues.keySet() + "]";
  }

  private void signalAll() {
    locked(changed::signalAll);
  }

  /** Runs {@code body} under the lock, whether the broker is open or not. */
  private void locked(Runnable body) {
    lock.lock();
    try {
      body.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the entry out of its lease if the delivery's token still holds it and hands it, with its
   * queue, to {@code action}; false when the lease is gone.
   */
  private boolean withLease(Delivery delivery, BiConsumer<QueueState, Entry> action) {
    return whileOpen(() -> {
      QueueState q = queues.get(delivery.queue());
      Entry e = q == null ? null : q.removeLeased(delivery.leaseToken());
      if (q == null || e == null) {
        return false;
      }
      action.accept(q, e);
      return true;
    });
  }

  /** Runs {@code body} under the lock once the broker is open (and no DISCONNECT fault fires). */
  <T> T whileOpen(Supplier<T> body) {
    lock.lock();
    try {
      checkOpen();
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** The queue named {@code name}, or null if never used; call under {@link #whileOpen}. */
  @Nullable QueueState existing(String name) {
    return queues.get(name);
  }

  /** The names of every queue; call under {@link #whileOpen}. */
  java.util.Set<String> queueNames() {
    return queues.keySet();
  }

  /** The next sequence number; call under {@link #whileOpen}. */
  long nextSeq() {
    return ++seq;
  }

  /** Now on the broker's time source. */
  Instant now() {
    return clock.instant();
  }

  /** Wakes waiting fetches; call under {@link #whileOpen}. */
  void changed() {
    changed.signalAll();
  }

  /** The queue named {@code name}, created if missing; call under {@link #whileOpen}. */
  QueueState queueState(String name) {
    return queue(name);
  }

  private QueueState queue(String name) {
    return queues.computeIfAbsent(name, QueueState::new);
  }

  private void checkOpen() {
    if (closed) {
      throw new DocketException("the in-memory broker is closed");
    }
    if (faults.take(Fault.DISCONNECT)) {
      throw new BrokerUnavailableException("connection lost (injected fault DISCONNECT)");
    }
  }
}
