package dev.docket.broker.redis.internal;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch side of the Redis broker: one reserve script per queue in the request's order (strict
 * queue order, no cross-slot script), then a wait on the queues' pub/sub wake-ups until new work,
 * the next due job or lease expiry, or the deadline. Leases carry the broker's owner id from its
 * {@link Heartbeat}; the script's deadline keeps a late reply from leasing jobs nobody waits for.
 *
 * <p>A fetch of one queue (owners on, server clock) that finds nothing registers as a waiter in
 * the same reserve script; an enqueue then leases a new job to it at once and publishes the job
 * on this owner's push channel, so the job starts without a reserve. Pub/sub arrives on another
 * connection than the script replies and at most once, so: the next reserve of the fetch
 * deregisters it and says whether it was still registered (if not, a push was sent: the fetch
 * waits briefly for it); a push that reaches no waiting fetch (it ended, failed or was
 * interrupted) is released at once; a push that never arrives is reclaimed with its lease or
 * owner like any other lease. Thread-safe.
 */
public final class Fetcher {

  /** Jobs per reserve script (the scripts refuse more): a larger fetch loops. */
  private static final int RESERVE_BATCH = 1000;

  private static final byte[] NONE = new byte[0];
  private static final byte[] ZERO = {'0'};
  private static final byte[] ONE = {'1'};
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  /** Longest wait a script accepts (common.lua's MAX_MS). */
  private static final long MAX_WAIT_MS = 6311390400000L;

  /** How long a fetch waits for a push the script says was sent (it is usually there already). */
  private static final long PUSH_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final QueueOps ops;
  private final Waker waker;
  private final Heartbeat heartbeat;
  private final TimeSource clock;
  private final boolean manual;
  private final ServerClock serverClock;
  private final long timeoutMs;
  private final Runnable checkOpen;
  private final Consumer<Delivery> handBack;
  private final Consumer<Delivery> returnPush;
  private final boolean push;
  private final String owner;
  /** The waiting fetches of this broker that may get pushes, by waiter id. */
  private final ConcurrentHashMap<String, PushWaiter.Slot> slots = new ConcurrentHashMap<>();
  /** The same fetches, to deregister them when the broker closes. */
  private final ConcurrentHashMap<String, PushWaiter> waiting = new ConcurrentHashMap<>();
  private final AtomicLong waiterIds = new AtomicLong();

  /**
   * A fetcher over {@code ops}.
   *
   * @param checkOpen throws when the broker is closed
   * @param handBack releases a delivery at once (for leases a failed or interrupted fetch took)
   * @param returnPush releases a pushed job that no fetch took, without counting its delivery
   */
  public Fetcher(QueueOps ops, Waker waker, Heartbeat heartbeat, TimeSource clock,
      ServerClock serverClock, long timeoutMs, Runnable checkOpen, Consumer<Delivery> handBack,
      Consumer<Delivery> returnPush) {
    this.ops = ops;
    this.waker = waker;
    this.heartbeat = heartbeat;
    this.clock = clock;
    this.manual = clock.controllable();
    this.serverClock = serverClock;
    this.timeoutMs = timeoutMs;
    this.checkOpen = checkOpen;
    this.handBack = handBack;
    this.returnPush = returnPush;
    this.owner = heartbeat.enabled() ? QueueOps.string(heartbeat.ownerArgs()[0]) : "";
    this.push = heartbeat.enabled() && !manual;
  }

  /** Fetches as {@link dev.docket.spi.Broker#fetch} specifies. */
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    long deadline = clock.nanoTime() + request.maxWait().toNanos();
    List<String> channels = request.queues().stream().map(q -> ops.keys(q).channel()).toList();
    checkOpen.run();
    waker.watch(channels);
    heartbeat.watch(request.queues(), request.maxWait().plus(request.lease()));
    long leaseMs = Math.max(1, QueueOps.ceilMillis(request.lease()));
    if (!push || request.queues().size() != 1) {
      return fetch(request, channels, deadline, leaseMs, null);
    }
    String queue = request.queues().get(0);
    waker.watchPushes(ops.keys(queue).pushChannel(owner), m -> onPush(queue, m));
    PushWaiter w = new PushWaiter(Long.toString(waiterIds.incrementAndGet(), 36), queue, leaseMs);
    slots.put(w.id, w.slot);
    waiting.put(w.id, w);
    try {
      return fetch(request, channels, deadline, leaseMs, w);
    } finally {
      waiting.remove(w.id);
      slots.remove(w.id);
      // Pushes that came after the fetch took its jobs (or failed): back to the queue at once.
      w.slot.close().forEach(this::handBackLater);
      if (w.registered) {
        leave(queue, w);
      }
    }
  }

  private List<Delivery> fetch(FetchRequest request, List<String> channels, long deadline,
      long leaseMs, @Nullable PushWaiter w) throws InterruptedException {
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
          untilNext = Math.min(untilNext, reserve(queue, request.maxMessages(), leaseMs, out, w,
              deadline));
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
      if (w != null) {
        if (w.pushed) {
          // The reserve found this fetch no longer registered: an enqueue leased it a job, whose
          // push may still be on its way on the pub/sub connection.
          w.pushed = false;
          try {
            waker.await(List.of(), new long[0], PUSH_GRACE_NANOS, w.slot::ready);
          } catch (InterruptedException e) {
            out.forEach(handBack);
            throw e;
          }
          if (!w.slot.ready()) {
            // Lost (a reconnect) or never sent (the registration expired): its lease or owner
            // brings the job back. A late arrival may come after a new registration.
            w.stale = true;
          }
        }
        take(w, out, request.maxMessages());
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
      if (w == null) {
        waker.await(channels, seen, left);
        continue;
      }
      waker.await(channels, seen, left, w.slot::ready);
      if (w.slot.ready()) {
        // Pushed: the enqueue took this waiter off the queue's list (unless an earlier push
        // came late, when this fetch may be registered again: then it deregisters at the end).
        if (!w.stale) {
          w.registered = false;
        }
        take(w, out, request.maxMessages());
        if (Thread.interrupted()) {
          out.forEach(handBack);
          throw new InterruptedException();
        }
        return out;
      }
    }
  }

  /**
   * Deregisters every waiting fetch, before the broker's connection closes: otherwise enqueues
   * would lease jobs to this closed broker until its owner timeout. Their own deregistration, on
   * the way out, would find the connection closed.
   */
  public void close() {
    for (PushWaiter w : waiting.values()) {
      if (w.registered) {
        leave(w.queue, w);
      }
    }
  }

  /**
   * Moves pushed jobs into {@code out}; beyond {@code max} (a push that came after the grace,
   * when a reserve may have filled the fetch), hands them back.
   */
  private void take(PushWaiter w, List<Delivery> out, int max) {
    for (Delivery d : w.slot.take()) {
      if (out.size() < max) {
        out.add(d);
      } else {
        handBackLater(d);
      }
    }
  }

  /** Deregisters a fetch that ends registered; a push sent meanwhile is handed back on arrival. */
  private void leave(String queue, PushWaiter w) {
    try {
      ops.runLong(QueueOps.LEAVE, queue, w.member(owner));
    } catch (RuntimeException e) {
      // Its registration ends with its wait; a push to it meanwhile is handed back on arrival.
      LOG.debug("Redis fetch could not deregister from {}: {}", queue, e.getMessage());
    }
  }

  /** A push from {@code enqueue.lua} (on the event loop: must not block). */
  private void onPush(String queue, byte[] m) {
    Delivery d;
    String waiter;
    try {
      int[] pos = {0};
      waiter = field(m, pos);
      long deliveries = Long.parseLong(field(m, pos));
      String token = field(m, pos);
      long leaseEnd = Long.parseLong(field(m, pos));
      int idLength = Integer.parseInt(field(m, pos));
      String id = new String(m, pos[0], idLength, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(m, pos[0] + idLength, m.length);
      d = delivery(queue, id, deliveries, token, value, leaseEnd);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed Redis push on queue {}: {}", queue, e.toString());
      return;
    }
    PushWaiter.Slot slot = slots.get(waiter);
    if (slot != null && slot.offer(d)) {
      waker.signal();
    } else {
      handBackLater(d);
    }
  }

  private static String field(byte[] m, int[] pos) {
    int start = pos[0];
    int i = start;
    while (m[i] != '|') {
      i++;
    }
    pos[0] = i + 1;
    return new String(m, start, i - start, StandardCharsets.US_ASCII);
  }

  /** Releases a pushed job nobody waits for, off the pub/sub event loop. */
  private void handBackLater(Delivery d) {
    var unused = Thread.ofVirtual().name("docket-redis-handback").start(() -> {
      try {
        returnPush.accept(d);
      } catch (RuntimeException e) {
        // Its lease (or its owner's silence, once closed) brings it back.
        LOG.debug("Redis push of job {} could not be handed back: {}", d.id(), e.getMessage());
      }
    });
  }

  /**
   * Leases from {@code queue} into {@code out} until it holds {@code max}, at most {@link
   * #RESERVE_BATCH} per script. Returns the ms until the queue's next due job or lease expiry,
   * or {@link Long#MAX_VALUE}.
   */
  private long reserve(String queue, int max, long leaseMs, List<Delivery> out,
      @Nullable PushWaiter w, long fetchDeadline) {
    boolean retried = false;
    boolean first = true;
    while (out.size() < max) {
      int want = Math.min(RESERVE_BATCH, max - out.size());
      long sent = clock.nanoTime();
      long deadline = manual ? -1 : serverClock.deadline(sent, timeoutMs);
      byte[][] owner = heartbeat.ownerArgs();
      PushWaiter wt = first ? w : null;
      byte[] waitMs = NONE;
      if (wt != null) {
        long ms = TimeUnit.NANOSECONDS.toMillis(fetchDeadline - sent);
        waitMs = QueueOps.ascii(Math.max(0, Math.min(MAX_WAIT_MS, ms)));
      }
      List<Object> res = ops.runList(QueueOps.RESERVE, queue, QueueOps.ascii(want),
          QueueOps.ascii(leaseMs), deadline < 0 ? NONE : QueueOps.ascii(deadline),
          owner[0], owner[1], owner[2], wt != null ? QueueOps.utf8(wt.id) : NONE, waitMs,
          wt != null && wt.registered ? ONE : ZERO);
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
      if (wt != null) {
        long flags = (Long) res.get(2);
        wt.pushed = wt.registered && (flags & 1) == 0;
        wt.registered = (flags & 2) != 0;
        first = false;
      }
      int got = 0;
      for (int i = 3; i + 3 < res.size(); i += 4, got++) {
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
