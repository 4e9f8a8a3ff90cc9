package dev.docket.broker.redis.internal;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fetch side of the Redis broker: one reserve script per queue in the request's order (strict
 * queue order, no cross-slot script), then a wait on the queues' pub/sub wake-ups until new work,
 * the next due job or lease expiry, or the deadline. Leases carry the broker's owner id from its
 * {@link Heartbeat}; the script's deadline keeps a late reply from leasing jobs nobody waits for.
 * Thread-safe.
 */
public final class Fetcher {

  /** Jobs per reserve script (the scripts refuse more): a larger fetch loops. */
  private static final int RESERVE_BATCH = 1000;

  private static final byte[] NONE = new byte[0];

  private final QueueOps ops;
  private final Waker waker;
  private final Heartbeat heartbeat;
  private final TimeSource clock;
  private final boolean manual;
  private final ServerClock serverClock;
  private final long timeoutMs;
  private final Runnable checkOpen;
  private final Consumer<Delivery> handBack;

  /**
   * A fetcher over {@code ops}.
   *
   * @param checkOpen throws when the broker is closed
   * @param handBack releases a delivery at once (for leases a failed or interrupted fetch took)
   */
  public Fetcher(QueueOps ops, Waker waker, Heartbeat heartbeat, TimeSource clock,
      ServerClock serverClock, long timeoutMs, Runnable checkOpen, Consumer<Delivery> handBack) {
    this.ops = ops;
    this.waker = waker;
    this.heartbeat = heartbeat;
    this.clock = clock;
    this.manual = clock.controllable();
    this.serverClock = serverClock;
    this.timeoutMs = timeoutMs;
    this.checkOpen = checkOpen;
    this.handBack = handBack;
  }

  /** Fetches as {@link dev.docket.spi.Broker#fetch} specifies. */
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    long deadline = clock.nanoTime() + request.maxWait().toNanos();
    List<String> channels = request.queues().stream().map(q -> ops.keys(q).channel()).toList();
    checkOpen.run();
    waker.watch(channels);
    heartbeat.watch(request.queues(), request.maxWait().plus(request.lease()));
    long leaseMs = Math.max(1, QueueOps.ceilMillis(request.lease()));
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      checkOpen.run();
      long[] seen = waker.versions(channels);
      List<Delivery> out = new ArrayList<>();
      long untilNext = Long.MAX_VALUE;
      // Scripts per queue, in the request's order: strict queue order, no cross-slot script.
      try {
        for (String queue : request.queues()) {
          untilNext = Math.min(untilNext, reserve(queue, request.maxMessages(), leaseMs, out));
          if (out.size() >= request.maxMessages()) {
            break;
          }
        }
      } catch (RuntimeException e) {
        // A later script failed (timeout, connection lost): hand back what the earlier ones
        // leased, or those jobs stay leased to nobody until their lease ends.
        for (Delivery d : out) {
          try {
            handBack.accept(d);
          } catch (RuntimeException r) {
            e.addSuppressed(r);
          }
        }
        throw e;
      }
      if (Thread.interrupted()) {
        // The contract: an interrupted fetch leases nothing. Hand back what the scripts leased.
        out.forEach(handBack);
        throw new InterruptedException();
      }
      long left = deadline - clock.nanoTime();
      if (!out.isEmpty() || left <= 0) {
        return out;
      }
      if (untilNext != Long.MAX_VALUE && !manual) {
        left = Math.min(left, Duration.ofMillis(Math.max(1, untilNext)).toNanos());
      }
      waker.await(channels, seen, left);
    }
  }

  /**
   * Leases from {@code queue} into {@code out} until it holds {@code max}, at most {@link
   * #RESERVE_BATCH} per script. Returns the ms until the queue's next due job or lease expiry,
   * or {@link Long#MAX_VALUE}.
   */
  private long reserve(String queue, int max, long leaseMs, List<Delivery> out) {
    boolean retried = false;
    while (out.size() < max) {
      int want = Math.min(RESERVE_BATCH, max - out.size());
      long sent = clock.nanoTime();
      long deadline = manual ? -1 : serverClock.deadline(sent, timeoutMs);
      byte[][] owner = heartbeat.ownerArgs();
      List<Object> res = ops.runList(QueueOps.RESERVE, queue, QueueOps.ascii(want),
          QueueOps.ascii(leaseMs), deadline < 0 ? NONE : QueueOps.ascii(deadline),
          owner[0], owner[1], owner[2]);
      long now = (Long) res.get(0);
      long next = (Long) res.get(1);
      if (next == -2) {
        // Refused as late, yet this caller still waits: the estimate of the server's clock was
        // off (its clock was stepped). Take the server's word and ask once more.
        serverClock.reset(now, sent);
        if (retried) {
          return Long.MAX_VALUE;
        }
        retried = true;
        continue;
      }
      if (!manual) {
        serverClock.observe(now, sent);
      }
      int got = 0;
      for (int i = 2; i + 3 < res.size(); i += 4, got++) {
        out.add(delivery(queue, QueueOps.string(res.get(i)), (Long) res.get(i + 1),
            QueueOps.string(res.get(i + 2)), (byte[]) res.get(i + 3), now + leaseMs));
      }
      if (got < want) {
        return next >= 0 ? next - now : Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }

  private static Delivery delivery(String queue, String id, long deliveries, String token,
      byte[] value, long leaseEnd) {
    Codec.JobValue v = Codec.job(value);
    return new Delivery(queue, id, v.body(), v.headers(), v.priority(), (int) deliveries,
        Instant.ofEpochMilli(v.enqueuedMs()), token, Instant.ofEpochMilli(leaseEnd));
  }
}
