package dev.docket.broker.redis;

import dev.docket.DocketException;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.broker.redis.internal.AckBatcher;
import dev.docket.broker.redis.internal.EvictionGuard;
import dev.docket.broker.redis.internal.Fetcher;
import dev.docket.broker.redis.internal.Heartbeat;
import dev.docket.broker.redis.internal.Codec;
import dev.docket.broker.redis.internal.LeaseExtender;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.QueueOps;
import dev.docket.broker.redis.internal.RedisBrowser;
import dev.docket.broker.redis.internal.RedisDeadLetters;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.broker.redis.internal.RedisMoves;
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
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.TimeSource;
import dev.docket.spi.WaitingMessage;
import dev.docket.spi.support.PayloadLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

  private static final byte[] NONE = new byte[0];

  private final RedisLink link;
  private final QueueOps ops;
  private final Waker waker;
  private final TimeSource clock;
  private final boolean manual;
  private final String prefix;
  private final Capabilities capabilities;
  private final RedisDeadLetters deadLetters;
  private final RedisBrowser browser;
  private final RedisMoves moves;
  private final AckBatcher acks;
  private final Heartbeat heartbeat;
  private final ServerClock serverClock = new ServerClock();
  private final long timeoutMs;
  private final TimeSource.Subscription onChange;
  private final ReplicaWait replicaWait;
  private final Fetcher fetcher;
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
    this.browser = new RedisBrowser(ops, prefix, this::checkOpen);
    this.moves = new RedisMoves(ops);
    this.acks = new AckBatcher(ops);
    this.capabilities = Capabilities.builder().messagePriority(true)
        .priorityLevels(Message.MAX_PRIORITY + 1).fifo(true)
        .maxMessageBytes(config.maxMessageBytes()).maxDelay(Duration.ofDays(365L * 100))
        .delayTolerance(Duration.ofMillis(100)).exactStats(true).controllableClock(manual)
        .minLease(Duration.ofMillis(1)).listQueues(true).browse(true).moveWaiting(true)
        .restoreDeadLetters(true).durableDedup(true).build();
    this.replicaWait = new ReplicaWait(link, config.waitForReplicas(),
        config.waitForReplicasTimeout(), config.redactedUri());
    this.heartbeat = new Heartbeat(ops, clock, config.heartbeat(), config.ownerTimeout());
    this.fetcher = new Fetcher(ops, waker, heartbeat, clock, serverClock, timeoutMs,
        this::checkOpen, d -> release(d, Duration.ZERO),
        d -> settle(QueueOps.RELEASE, d, QueueOps.ascii(0), QueueOps.ascii(1)));
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
    PayloadLimit.check("Redis broker", messages, capabilities.maxMessageBytes(),
        "option " + RedisBrokerConfig.MAX_MESSAGE_BYTES);
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
        args[i++] = Codec.blob(m.headers(), m.body());
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
        : QueueOps.ceilMillis(Duration.between(now, notBefore));
    return ms <= 0 ? NONE : QueueOps.ascii(ms);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    checkOpen();
    return fetcher.fetch(request);
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
        QueueOps.ascii(delay.isNegative() ? 0 : QueueOps.ceilMillis(delay)));
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
    // An extended lease keeps its queue's owner heartbeat going for as long as it may live.
    heartbeat.watch(deliveries.stream().map(Delivery::queue).distinct().toList(), lease);
    return LeaseExtender.extend(ops, deliveries, Math.max(1, QueueOps.ceilMillis(lease)));
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    Objects.requireNonNull(failure, "failure");
    return settle(QueueOps.DEAD, delivery, Codec.failure(failure));
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
  public QueueBrowser browser() {
    return browser;
  }

  @Override
  public List<WaitingMessage> delayedMessages(String queue, int limit) {
    checkOpen();
    return moves.delayed(queue, limit);
  }

  @Override
  public Set<String> removeWaiting(String queue, Collection<String> ids) {
    checkOpen();
    return moves.removeWaiting(queue, ids);
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
    fetcher.close();
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
}
