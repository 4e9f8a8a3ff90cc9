package dev.docket.broker.redis;

import dev.docket.DocketException;
import dev.docket.JobFailure;
import dev.docket.PayloadTooLargeException;
import dev.docket.QueueStats;
import dev.docket.broker.redis.internal.AckBatcher;
import dev.docket.broker.redis.internal.EvictionGuard;
import dev.docket.broker.redis.internal.Heartbeat;
import dev.docket.broker.redis.internal.JobCodec;
import dev.docket.broker.redis.internal.LeaseExtender;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.QueueOps;
import dev.docket.broker.redis.internal.RedisDeadLetters;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.broker.redis.internal.ReplicaWait;
import dev.docket.broker.redis.internal.ServerClock;
import dev.docket.broker.redis.internal.Waker;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A broker on Redis (standalone or Cluster). Every move that touches several keys is one Lua
 * script, so a crash between two commands cannot lose or duplicate a job; scripts read time from
 * the server ({@code TIME}), so worker clocks cannot skew delays or leases: a {@link
 * Message#notBefore()} is sent as a delay measured on the configured clock, and the script adds
 * it to the server's time. All keys of a queue
 * share the hash tag {@code {prefix:queue}}. Idle fetchers sleep on a pub/sub wake-up, never
 * polling, until new work or the next due job or lease expiry. Thread-safe; one shared pipelined
 * connection plus one pub/sub connection per broker.
 *
 * <p>Each broker has a random owner id, recorded with every lease it takes, and writes one
 * heartbeat per fetched queue every {@link RedisBrokerConfig#heartbeat()}: the leases of a broker
 * that stops beating (a killed process) are reclaimed once its heartbeat is {@link
 * RedisBrokerConfig#ownerTimeout()} old, long before the leases themselves end.
 *
 * <p>With a {@linkplain TimeSource#controllable() controllable} time source (a {@code
 * dev.docket.testing.ManualClock}, tests only) scripts take time from that source instead, the
 * source's moves drive the heartbeats, and the broker declares {@link
 * Capabilities#controllableClock()}.
 *
 * @since 0.1
 */
public final class RedisBroker implements Broker {

  /** Largest body accepted by default: 4 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 4L * 1024 * 1024;

  /** Default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "docket";

  /** Messages per enqueue script: bounds one script's run time on the server. */
  private static final int PUBLISH_BATCH = 1000;

  /** Jobs per reserve script (the scripts refuse more): a larger fetch loops. */
  private static final int RESERVE_BATCH = 1000;

  private static final byte[] NONE = new byte[0];

  private final RedisLink link;
  private final QueueOps ops;
  private final Waker waker;
  private final TimeSource clock;
  private final boolean manual;
  private final String prefix;
  private final Capabilities capabilities;
  private final RedisDeadLetters deadLetters;
  private final AckBatcher acks;
  private final Heartbeat heartbeat;
  private final ServerClock serverClock = new ServerClock();
  private final long timeoutMs;
  private final TimeSource.Subscription onChange;
  private final ReplicaWait replicaWait;
  private volatile boolean closed;

  private RedisBroker(RedisBrokerConfig config) {
    this.clock = TimeSource.of(config.clock());
    this.manual = clock.controllable();
    this.prefix = config.keyPrefix();
    this.timeoutMs = config.commandTimeout().toMillis();
    this.link = RedisLink.connect(config.uri(), config.redactedUri(), config.cluster(), true,
        config.commandTimeout());
    try {
      EvictionGuard.check(link, config.redactedUri(), config.allowEviction(),
          RedisBrokerConfig.ALLOW_EVICTION + "=true");
      if (!manual) {
        long sent = clock.nanoTime();
        List<byte[]> t = link.await(link.commands().time());
        serverClock.observe(Long.parseLong(QueueOps.string(t.get(0))) * 1000
            + Long.parseLong(QueueOps.string(t.get(1))) / 1000, sent);
      }
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    this.ops = new QueueOps(link, prefix, config.clock(), manual);
    this.waker = new Waker(link);
    this.deadLetters = new RedisDeadLetters(ops, this::checkOpen);
    this.acks = new AckBatcher(ops);
    this.capabilities = new Capabilities(true, Message.MAX_PRIORITY + 1, true,
        config.maxMessageBytes(), Duration.ofDays(365L * 100), Duration.ofMillis(100), true,
        manual, Duration.ofMillis(1));
    this.replicaWait = new ReplicaWait(link, config.waitForReplicas(),
        config.waitForReplicasTimeout(), config.redactedUri());
    this.heartbeat = new Heartbeat(ops, clock, config.heartbeat(), config.ownerTimeout());
    // A controllable source drives the beats, before fetchers wake to judge owners by the new
    // time; the system source never calls this.
    this.onChange = clock.onChange(() -> {
      heartbeat.onAdvance();
      waker.wakeAll();
    });
  }

  /** Connects a broker. */
  public static RedisBroker create(RedisBrokerConfig config) {
    return new RedisBroker(Objects.requireNonNull(config, "config"));
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void declareQueue(String queue) {
    checkOpen();
    link.await(link.commands().sadd(QueueKeys.registry(prefix), QueueOps.utf8(queue)));
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    for (Message m : messages) {
      if (m.body().length > capabilities.maxMessageBytes()) {
        throw new PayloadTooLargeException("job " + m.id() + " is " + m.body().length
            + " bytes; the Redis broker accepts at most " + capabilities.maxMessageBytes()
            + " (option maxMessageBytes)");
      }
    }
    checkOpen();
    List<PublishOutcome> out = new ArrayList<>(messages.size());
    for (int from = 0; from < messages.size(); from += PUBLISH_BATCH) {
      List<Message> batch = messages.subList(from, Math.min(messages.size(), from + PUBLISH_BATCH));
      byte[][] args = new byte[batch.size() * 4][];
      // notBefore is an instant on the configured clock: sent as a delay from that clock's now,
      // and added to the server's TIME by the script, so a skewed client is neither early nor
      // late. With a manual clock the script's now is this same reading, so nothing drifts.
      Instant now = clock.instant();
      int i = 0;
      for (Message m : batch) {
        args[i++] = QueueOps.utf8(m.id());
        args[i++] = QueueOps.ascii(m.priority());
        args[i++] = delay(m.notBefore(), now);
        args[i++] = JobCodec.blob(m.headers(), m.body());
      }
      List<Object> stored = ops.runListAt(now.toEpochMilli(), QueueOps.ENQUEUE, queue, args);
      replicaWait.await(ops.keys(queue).keys()[0], "an enqueue of " + batch.size()
          + " job(s) to queue " + queue);
      for (Object a : stored) {
        out.add(((Long) a) == 1L ? PublishOutcome.ACCEPTED : PublishOutcome.DUPLICATE);
      }
    }
    return out;
  }

  private byte[] delay(@Nullable Instant notBefore, Instant now) {
    if (notBefore == null) {
      return NONE;
    }
    long ms = manual ? ceilMillis(notBefore) - now.toEpochMilli()
        : ceilMillis(Duration.between(now, notBefore));
    return ms <= 0 ? NONE : QueueOps.ascii(ms);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    long deadline = clock.nanoTime() + request.maxWait().toNanos();
    List<String> channels = request.queues().stream().map(q -> ops.keys(q).channel()).toList();
    checkOpen();
    waker.watch(channels);
    heartbeat.watch(request.queues());
    long leaseMs = Math.max(1, ceilMillis(request.lease()));
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      checkOpen();
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
            release(d, Duration.ZERO);
          } catch (RuntimeException r) {
            e.addSuppressed(r);
          }
        }
        throw e;
      }
      if (Thread.interrupted()) {
        // The contract: an interrupted fetch leases nothing. Hand back what the scripts leased.
        out.forEach(d -> release(d, Duration.ZERO));
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
    JobCodec.JobValue v = JobCodec.job(value);
    return new Delivery(queue, id, v.body(), v.headers(), v.priority(), (int) deliveries,
        Instant.ofEpochMilli(v.enqueuedMs()), token, Instant.ofEpochMilli(leaseEnd));
  }

  @Override
  public boolean ack(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    checkOpen();
    return acks.ack(delivery);
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return settle(QueueOps.RELEASE, delivery,
        QueueOps.ascii(delay.isNegative() ? 0 : ceilMillis(delay)));
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    Objects.requireNonNull(delivery, "delivery");
    return extendLeases(List.of(delivery), lease).get(0);
  }

  /**
   * One script per queue for the whole batch (per 500 leases), all sent in one pipeline: a
   * thousand running jobs cost one round trip, not a thousand.
   */
  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    Objects.requireNonNull(deliveries, "deliveries");
    Objects.requireNonNull(lease, "lease");
    checkOpen();
    if (deliveries.isEmpty()) {
      return List.of();
    }
    return LeaseExtender.extend(ops, deliveries, Math.max(1, ceilMillis(lease)));
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    Objects.requireNonNull(failure, "failure");
    return settle(QueueOps.DEAD, delivery, JobCodec.failure(failure));
  }

  private boolean settle(dev.docket.broker.redis.internal.Script script, Delivery d,
      byte[]... extra) {
    checkOpen();
    byte[][] args = new byte[extra.length + 2][];
    args[0] = QueueOps.utf8(d.id());
    args[1] = QueueOps.utf8(d.leaseToken());
    System.arraycopy(extra, 0, args, 2, extra.length);
    return ops.runLong(script, d.queue(), args) == 1L;
  }

  @Override
  public QueueStats stats(String queue) {
    checkOpen();
    List<Object> s = ops.runList(QueueOps.STATS, queue);
    Instant oldest = s.get(4) instanceof byte[] ms ? fromMillis(QueueOps.string(ms)) : null;
    return new QueueStats(queue, (Long) s.get(0), (Long) s.get(1), (Long) s.get(2),
        (Long) s.get(3), oldest);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public long purge(String queue) {
    checkOpen();
    long total = 0;
    while (true) {
      long n = ops.runLong(QueueOps.PURGE, queue);
      if (n == 0) {
        return total;
      }
      total += n;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onChange.close();
    // No release of what is still leased: like a killed process, its leases end at the owner
    // timeout (or their deadline without heartbeat).
    heartbeat.close();
    waker.wakeAll();
    link.close();
  }

  @Override
  public String toString() {
    return "RedisBroker[" + link + ", prefix=" + prefix + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new DocketException("the Redis broker is closed");
    }
  }

  /** A score in (possibly fractional) epoch milliseconds, to the microsecond. */
  private static Instant fromMillis(String score) {
    long micros = Math.round(Double.parseDouble(score) * 1000);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
        Math.floorMod(micros, 1_000_000) * 1000L);
  }

  private static long ceilMillis(Instant t) {
    long ms = Math.multiplyExact(t.getEpochSecond(), 1000L);
    int nanos = t.getNano();
    return ms + nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
  }

  private static long ceilMillis(Duration d) {
    long ms = d.toMillis();
    return d.minusMillis(ms).isZero() ? ms : ms + 1;
  }
}
