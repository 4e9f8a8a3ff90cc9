package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.JobFailure;
import dev.docket.spi.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settle side of {@link RabbitCore}: ack, release, dead-letter, lease extension and lease
 * expiry. Every move publishes a copy somewhere (confirmed), then acks the original, so a crash
 * in between leaves a duplicate, never a loss.
 */
final class Settler {
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);

  private final RabbitCore broker;

  Settler(RabbitCore broker) {
    this.broker = broker;
  }

  boolean ack(Delivery delivery) {
    Lease l = broker.leases().claim(delivery.leaseToken(), delivery.id());
    if (l == null) {
      return false;
    }
    l.handle.source().settled(l.handle);
    if (!l.handle.source().valid(l.handle)) {
      // RabbitMQ took the delivery back: it runs again (at-least-once), once this run let go.
      unclaim(l);
      return false;
    }
    // Done before the ack: a copy fetched from now on is dropped, also one fetched after an ack
    // that is lost on its way.
    Stored m = l.message;
    Instant now = broker.clock().instant();
    try {
      broker.ids().done(m.queue(), m.id(), m.incarnation(), l.token,
          now.plus(broker.config().dedupWindow()));
    } catch (RuntimeException e) {
      LOG.warn("could not record job {} in {} as done ({}); a copy of it would run again",
          m.id(), m.queue(), e.getMessage());
    }
    if (!broker.ack(l.handle, l.deliveryTag)) {
      return false;
    }
    broker.ids().remove(m.queue(), m.id());
    return true;
  }

  /** Frees the run claim of {@code l} (its run ended without completing); never throws. */
  private void unclaim(Lease l) {
    try {
      broker.ids().unclaim(l.message.queue(), l.message.id(), l.message.incarnation(), l.token);
    } catch (RuntimeException e) {
      LOG.warn("could not free the run claim of job {} in {} ({}); a copy of it waits until the"
          + " lease it had would have ended", l.message.id(), l.message.queue(), e.getMessage());
    }
  }

  /** Claims the run of {@code l} again after a failed move (the lease was restored). */
  private void reclaim(Lease l) {
    try {
      broker.ids().claim(l.message.queue(), l.message.id(), l.message.incarnation(), l.token,
          l.deadline);
    } catch (RuntimeException e) {
      LOG.debug("could not claim job {} again: {}", l.message.id(), e.getMessage());
    }
  }

  boolean release(Delivery delivery, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return moveLeased(delivery, l -> {
      Instant now = broker.clock().instant();
      Instant due = delay.isPositive() ? now.plus(delay) : null;
      Stored copy = l.message.copy(l.message.deliveryCount(), due, null);
      broker.ids().keep(l.message.queue(), l.message.id(),
          (due == null ? now : due).plus(broker.config().dedupWindow()));
      return broker.route(copy, now);
    }, false);
  }

  boolean extendLease(Delivery delivery, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    Lease l = broker.leases().get(delivery.leaseToken());
    if (l == null || !l.handle.source().valid(l.handle)) {
      return false;
    }
    boolean ok = broker.leases().extend(delivery.leaseToken(), delivery.id(), lease);
    if (ok) {
      Instant until = broker.clock().instant().plus(lease);
      broker.ids().keep(l.message.queue(), l.message.id(),
          until.plus(broker.config().dedupWindow()));
      broker.ids().renew(l.message.queue(), l.message.id(), l.message.incarnation(), l.token,
          until);
    }
    return ok;
  }

  /**
   * Every lease first, then the id claims. A lease on RabbitMQ is this client's own bookkeeping
   * (the delivery stays unacknowledged on an open channel; RabbitMQ hands it to nobody else until
   * that channel closes), so extending the leases needs no round trip and cannot be held up by a
   * stalled connection; only the id claims in a shared {@code idStore} cost a store call each,
   * and those come after every lease is safe, so a slow store cannot make one lapse.
   */
  List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    List<Boolean> answers = new ArrayList<>(deliveries.size());
    List<Lease> extended = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries) {
      Lease l = broker.leases().get(d.leaseToken());
      boolean ok = l != null && l.handle.source().valid(l.handle)
          && broker.leases().extend(d.leaseToken(), d.id(), lease);
      answers.add(ok);
      if (ok) {
        extended.add(l);
      }
    }
    Instant until = broker.clock().instant().plus(lease);
    Instant keep = until.plus(broker.config().dedupWindow());
    for (Lease l : extended) {
      broker.ids().renew(l.message.queue(), l.message.id(), l.message.incarnation(), l.token,
          until);
      broker.ids().keep(l.message.queue(), l.message.id(), keep);
    }
    return answers;
  }

  boolean deadLetter(Delivery delivery, JobFailure failure) {
    Objects.requireNonNull(failure, "failure");
    return moveLeased(delivery, l -> Outgoing.toQueue(Topology.deadLetters(l.message.queue()),
        l.message.copy(l.message.deliveryCount(), null, failure)), true);
  }

  /** A settlement that publishes a copy somewhere (confirmed), then acks the original. */
  private interface Move {
    Outgoing copy(Lease lease);
  }

  private boolean moveLeased(Delivery delivery, Move move, boolean forget) {
    Lease l = broker.leases().claim(delivery.leaseToken(), delivery.id());
    if (l == null) {
      return false;
    }
    if (!l.handle.source().valid(l.handle)) {
      l.handle.source().settled(l.handle);
      unclaim(l);
      return false;
    }
    // Freed before the copy goes out, so a copy released at once is fetched at once.
    unclaim(l);
    try {
      broker.publisher().publish(List.of(move.copy(l)));
    } catch (RuntimeException e) {
      if (l.handle.source().valid(l.handle)) {
        broker.leases().restore(l);
        reclaim(l);
      }
      throw e;
    }
    // The copy is safe; a failed ack here only means a duplicate later, never a loss.
    l.handle.source().settled(l.handle);
    broker.ack(l.handle, l.deliveryTag);
    if (forget) {
      broker.ids().remove(l.message.queue(), l.message.id());
    }
    broker.wake();
    return true;
  }

  /** Lease expiry: a copy counting this delivery goes back to the queue, then the ack. */
  void expire(Lease l) {
    l.handle.source().settled(l.handle);
    unclaim(l); // a lease's time is up: a copy may run now, whatever its run still does
    if (broker.isClosed() || !l.handle.source().valid(l.handle)) {
      return; // RabbitMQ returned the delivery when its channel closed.
    }
    try {
      broker.publisher().publish(List.of(broker.route(
          l.message.copy(l.message.deliveryCount(), null, null), broker.clock().instant())));
      broker.ack(l.handle, l.deliveryTag);
      broker.wake();
    } catch (RuntimeException e) {
      LOG.warn("could not hand back the expired lease of job {} in {} ({}); returning it to the"
          + " queue, where its next fetch counts the delivery", l.message.id(),
          l.message.queue(), e.getMessage());
      try {
        l.handle.channel().basicNack(l.deliveryTag, false, true);
      } catch (IOException | ShutdownSignalException ex) {
        // The channel is gone: RabbitMQ returns the delivery itself.
      }
    }
  }
}
