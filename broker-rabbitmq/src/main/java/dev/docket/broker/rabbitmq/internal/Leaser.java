package dev.docket.broker.rabbitmq.internal;

import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the deliveries a {@link Fetcher} took from its buffers into leases.
 *
 * <p>Delivery counting: a delivery RabbitMQ hands out a second time (its channel closed without
 * an ack: a killed worker, a consumer timeout) carries no reliable count: classic queues only set
 * {@code redelivered}, and quorum queues count returns in {@code x-delivery-count} by rules that
 * changed in RabbitMQ 4.x. With a shared id store each such delivery is counted there ({@link
 * LiveIdRegistry#countReturn}, one store write per return, keyed by the copy) and leased like any
 * other, so a killed worker's job runs as soon as its owner's heartbeat expires, wherever the
 * backlog stands. Without one (the count would live in one process, and a crash loop across
 * processes would never end) the delivery is not leased: a copy recording the lost delivery in
 * {@code x-docket-attempts} is published (confirmed), the original acked, and the copy is
 * delivered, at the back of the queue, as a fresh message with the exact count. Only the rare
 * redelivery path pays either way; the runtime's own limit then ends a crash loop as {@code
 * DELIVERY_LIMIT} on every queue type.
 *
 * <p>Copies: before a delivery is leased its run is claimed and its id kept live ({@link
 * LiveIdRegistry#claimAndKeep}). A copy of a job another lease still runs is kept
 * unacknowledged in {@link HeldCopies} and asked again every {@link HeldCopies#RECHECK}, so a killed owner's job runs as soon as its heartbeat
 * expires instead of behind the backlog; past the bounds of {@link HeldCopies} it is published
 * again {@link #HOLD} later (uncounted). A copy of a run that completed is acked and dropped, so
 * one enqueue runs once even when RabbitMQ holds it twice.
 *
 * <p>Thread-safe: each call works on the deliveries it was given.
 */
final class Leaser {
  private static final Logger LOG = LoggerFactory.getLogger(Leaser.class);

  /** How long a copy waits before it asks again whether the lease running its job ended. */
  static final Duration HOLD = Duration.ofSeconds(1);

  /** Half a pass of the tiers: a legacy due time further away than this is a real delay. */
  private static final long LEGACY_PASS_MS = 1L << (Topology.LEVELS - 1);

  private final RabbitCore broker;
  private final Consumer<List<Source.Buffered>> pushBack;
  private final HeldCopies held;
  /** Lease tokens: unique per broker instance, cheap (no SecureRandom per delivery). */
  private final String tokenPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private final AtomicLong tokens = new AtomicLong();

  /**
   * @param pushBack puts deliveries back at the front of their buffers, in order
   * @param held where copies of runs another lease holds wait
   */
  Leaser(RabbitCore broker, Consumer<List<Source.Buffered>> pushBack, HeldCopies held) {
    this.broker = broker;
    this.pushBack = pushBack;
    this.held = held;
  }

  /**
   * {@link #leaseNow} and then forgets the copies of {@code offered} (taken from {@link
   * HeldCopies#due}) that were not held again.
   */
  List<Delivery> lease(List<Source.Buffered> taken, Duration lease,
      List<Source.Buffered> offered) {
    try {
      return leaseNow(taken, lease);
    } finally {
      if (!offered.isEmpty()) {
        held.settled(offered);
      }
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
  private List<Delivery> leaseNow(List<Source.Buffered> given, Duration lease) {
    // Copied when a delivery's returns get counted (rare): it is replaced by its counted self, so
    // a failure part way puts back (and a later fetch re-offers) what was counted, never twice.
    List<Source.Buffered> taken = given;
    boolean copied = false;
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
        if (s.serverReturns() > 0) {
          // A return, counted in the shared store (moveOn copies it otherwise): once per delivery.
          if (b.returns() < 0) {
            int counted = broker.ids().countReturn(s.queue(), s.id(), s.incarnation(),
                s.attempts(), expires.plus(broker.config().dedupWindow()));
            b = b.counted(Math.max(counted, s.serverReturns()));
            if (!copied) {
              taken = new ArrayList<>(given);
              copied = true;
            }
            taken.set(i, b);
          }
          s = s.withReturns(b.returns());
        }
        String token = tokenPrefix + tokens.incrementAndGet();
        // One registry call claims the run and keeps the id live for the lease and the dedup
        // window (the local registry's lock is taken once per delivery, not twice); a failed
        // keep frees the claim and throws, so the delivery goes back to its buffer unclaimed.
        LiveIdRegistry.Claim claim = broker.ids().claimAndKeep(s.queue(), s.id(),
            s.incarnation(), token, expires, expires.plus(broker.config().dedupWindow()));
        if (claim == LiveIdRegistry.Claim.DONE) {
          LOG.debug("job {} in {}: a copy of a run that completed, dropped", s.id(), s.queue());
          dropped.add(b);
          continue;
        }
        if (claim == LiveIdRegistry.Claim.HELD) {
          // Another lease of this job has not ended: the copy waits, uncounted, and asks again;
          // here while it can (asked again as soon as a dead owner's heartbeat expires), else
          // published again with a delay.
          if (held.hold(b, broker.time().nanoTime())) {
            continue;
          }
          // Uncounted, unless it is a counted return: that delivery was lost, not just held.
          copies.add(broker.route(s.copy(s.attempts() + s.serverReturns(), now.plus(HOLD), null),
              now));
          moved.add(b);
          continue;
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
      pushBack.accept(back);
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
        pushBack.accept(moved);
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
   * copy counting its lost delivery when no shared store counts it; a message with delay left after a full pass of the tiers
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
    if (s.serverReturns() > 0 && !broker.ids().shared()) {
      return broker.route(s.copy(s.attempts() + s.serverReturns(), null, null), now);
    }
    return null;
  }
}
