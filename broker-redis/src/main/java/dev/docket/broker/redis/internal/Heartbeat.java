package dev.docket.broker.redis.internal;

import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner heartbeat of one broker: a random owner id that {@code reserve.lua} records with each
 * lease, and one {@code beat.lua} per fetched queue every {@code heartbeat} (one pipeline), so
 * that the leases of a broker that stopped beating (a killed process) are reclaimed after {@code
 * ownerTimeout} rather than when each lease ends. Deadlines are taken on the server's clock by
 * the scripts. A queue is beaten only while a lease this broker took or extended on it may still
 * be live (its fetch wait plus lease, plus the owner timeout, from the fetch or extension): a
 * worker that once served a thousand queues and now serves one beats one, not a thousand. With a {@linkplain TimeSource#controllable() controllable} time source the beats are driven by
 * its moves, never by
 * a wall-clock thread, so tests stay deterministic. Thread-safe.
 */
public final class Heartbeat implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final byte[] NONE = new byte[0];

  private final QueueOps ops;
  private final TimeSource clock;
  private final long beatMs;
  private final byte[][] ownerArgs;
  /** Watched queues, each with the time (on {@link #clock}, ms) after which none of its leases can be live. */
  private final ConcurrentHashMap<String, Long> queues = new ConcurrentHashMap<>();
  private final long timeoutMs;
  private final AtomicBoolean beating = new AtomicBoolean();
  private final @Nullable ScheduledExecutorService timer;
  private volatile long lastBeat;
  private volatile boolean closed;

  /**
   * @param heartbeat how often to beat; zero turns owners off (leases end only by their deadline)
   * @param ownerTimeout how long after its last beat an owner's leases may be reclaimed
   */
  public Heartbeat(QueueOps ops, TimeSource clock, Duration heartbeat, Duration ownerTimeout) {
    this.ops = ops;
    this.clock = clock;
    this.beatMs = heartbeat.toMillis();
    this.timeoutMs = ownerTimeout.toMillis();
    if (beatMs <= 0) {
      ownerArgs = new byte[][] {NONE, NONE, NONE};
      timer = null;
      return;
    }
    String owner = UUID.randomUUID().toString().replace("-", "");
    // Silence longer than this (no beat from anyone on the queue) means the server, not the
    // owners, stood still: live owners beat every heartbeat, so their gaps stay below it.
    long quietMs = timeoutMs - beatMs;
    ownerArgs = new byte[][] {
      QueueOps.utf8(owner), QueueOps.ascii(timeoutMs), QueueOps.ascii(quietMs)
    };
    if (clock.controllable()) {
      timer = null;
    } else {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docket-redis-heartbeat");
        t.setDaemon(true);
        return t;
      });
      // beat() catches everything, so the task never ends by an exception the future would hold.
      var unused = timer.scheduleWithFixedDelay(this::beat, beatMs, beatMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Whether this broker beats (records an owner with its leases). */
  public boolean enabled() {
    return beatMs > 0;
  }

  /** Owner id, owner timeout ms and quiet ms for {@code reserve.lua}; empty when disabled. */
  public byte[][] ownerArgs() {
    return ownerArgs;
  }

  /**
   * Beats for {@code queues} from now on (a reserve itself records the first beat), for as long
   * as a lease taken or extended now for up to {@code within} (a fetch's wait plus its lease, or
   * an extension's lease) may be live.
   */
  public void watch(Collection<String> queues, Duration within) {
    if (!enabled()) {
      return;
    }
    long until = saturatedAdd(clock.millis(), saturatedAdd(millis(within), timeoutMs));
    for (String q : queues) {
      this.queues.merge(q, until, Math::max);
    }
  }

  private static long millis(Duration d) {
    return d.compareTo(Duration.ofDays(365_000)) > 0 ? Long.MAX_VALUE / 4 : d.toMillis();
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** The queues beaten now, for tests. */
  Set<String> watched() {
    return Set.copyOf(queues.keySet());
  }

  /** A controllable source moved: beats when a heartbeat's worth of its time has passed. */
  public void onAdvance() {
    if (enabled() && timer == null && clock.millis() - lastBeat >= beatMs) {
      beat();
    }
  }

  /**
   * One beat on every watched queue, pipelined. A failed beat is only logged: the next one
   * renews the owner, and a live worker cut off from Redis for longer than the owner timeout
   * loses its leases as it would lose them to their deadline.
   */
  void beat() {
    if (closed || queues.isEmpty() || !beating.compareAndSet(false, true)) {
      return;
    }
    try {
      long now = clock.millis();
      lastBeat = now;
      // Forget queues none of whose leases can be live; removeIf on a concurrent map's entries
      // removes an entry only if unchanged, so a watch racing with this keeps its queue.
      queues.entrySet().removeIf(e -> e.getValue() < now);
      List<String> qs = new ArrayList<>(queues.keySet());
      if (qs.isEmpty()) {
        return;
      }
      List<byte[][]> args = new ArrayList<>(qs.size());
      for (int i = 0; i < qs.size(); i++) {
        args.add(ownerArgs);
      }
      ops.runListAll(QueueOps.BEAT, qs, args);
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("Redis owner heartbeat failed; retrying in {} ms: {}", beatMs, e.getMessage());
      }
    } finally {
      beating.set(false);
    }
  }

  /** Stops beating; the owner's leases then end at the owner timeout unless settled first. */
  @Override
  public void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
