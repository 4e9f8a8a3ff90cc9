package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the connection's automatic recovery. Every recovery starts a new epoch when it begins
 * (the old connection is dead by then, so nothing more arrives on it): deliveries taken before it
 * were returned to their queues by RabbitMQ when the old connection died, so
 * leases of an older epoch are lost (their acks are refused, their jobs come back).
 */
final class Recovery implements RecoveryListener {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  /** How long a publish waits for a lost connection to come back before it gives up. */
  static final long AWAIT_OPEN_MS = 15_000;

  private final AtomicLong epoch = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recovered = lock.newCondition();
  private final String where;

  Recovery(String where) {
    this.where = where;
  }

  void attach(Connection connection) {
    if (connection instanceof Recoverable r) {
      r.addRecoveryListener(this);
    }
  }

  long epoch() {
    return epoch.get();
  }

  @Override
  public void handleRecoveryStarted(Recoverable recoverable) {
    epoch.incrementAndGet();
    LOG.warn("connection to RabbitMQ at {} lost; recovering (leased jobs go back to their"
        + " queues)", where);
  }

  @Override
  public void handleRecovery(Recoverable recoverable) {
    // No new epoch here: consumers are recovered before this listener runs, so deliveries may
    // already have arrived stamped with the epoch begun at recovery start. Bumping it again
    // would make them look stale: they would be dropped locally yet stay unacknowledged on a
    // live channel, stuck until that channel closed.
    LOG.info("connection to RabbitMQ at {} recovered", where);
    lock.lock();
    try {
      recovered.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits, bounded, until {@code connection} is open again. */
  void awaitOpen(Connection connection) {
    // Real time on purpose: how long the client library takes to reconnect has nothing to do with
    // job time, and a caller must not wait longer for it because a test moved its clock.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_OPEN_MS);
    lock.lock();
    try {
      while (!connection.isOpen()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        recovered.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
