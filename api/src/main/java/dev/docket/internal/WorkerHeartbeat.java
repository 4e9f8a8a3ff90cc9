package dev.docket.internal;

import dev.docket.WorkerInfo;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker's heartbeat record in the state store, for {@link WorkerDirectory}: written
 * at start (before {@code Worker.start()} returns, so a started worker is listed at once), then
 * every {@code period} on the worker's {@link ClockScheduler} (the injected clock), with a TTL of
 * {@link #TTL_BEATS} periods, so a worker that stops beating ages out by itself. Its id goes on
 * the day list once per UTC day. Close deletes the record. A store that fails is logged, never
 * thrown: the heartbeat is for operators and must not stop a worker. Thread-safe.
 */
public final class WorkerHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerHeartbeat.class);
  /** A record lives this many heartbeats. */
  public static final int TTL_BEATS = 3;
  /** How long the day lists are kept: today's and yesterday's are read. */
  private static final Duration KEEP_DAYS = Duration.ofDays(2);

  private final StateStore store;
  private final TimeSource time;
  private final String workerId;
  private final List<String> queues;
  private final int concurrency;
  private final IntSupplier busy;
  private final Duration period;
  private final String host;
  private final long pid;
  private final String version;
  /** One beat at a time, off the scheduler's thread (a store call must not delay timeouts). */
  private final AtomicBoolean beating = new AtomicBoolean();
  private @Nullable Instant started;
  private @Nullable LocalDate listedOn;
  private boolean closed;

  /** A heartbeat of worker {@code workerId}, not yet started; {@code busy} reads its busy slots. */
  public WorkerHeartbeat(StateStore store, TimeSource time, String workerId, List<String> queues,
      int concurrency, IntSupplier busy, Duration period) {
    this.store = store;
    this.time = time;
    this.workerId = workerId;
    this.queues = List.copyOf(queues);
    this.concurrency = concurrency;
    this.busy = busy;
    this.period = period;
    this.host = WorkerDirectory.host();
    this.pid = ProcessHandle.current().pid();
    this.version = WorkerDirectory.version();
  }

  /** Writes the first record now and beats every period on {@code timers}. */
  public void start(ClockScheduler timers) {
    synchronized (this) {
      if (started != null || closed) {
        return;
      }
      started = time.instant();
      beat();
    }
    var unused = timers.scheduleAtFixedRate(period, this::tick);
  }

  private void tick() {
    if (beating.compareAndSet(false, true)) {
      Thread.ofVirtual().name("docket-heartbeat-" + workerId).start(() -> {
        try {
          beat();
        } finally {
          beating.set(false);
        }
      });
    }
  }

  /** Writes the record (and lists the worker for today) unless closed. */
  synchronized void beat() {
    Instant start = started;
    if (closed || start == null) {
      return;
    }
    Instant now = time.instant();
    try {
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      if (!day.equals(listedOn)) {
        store.append(StoreKeys.workerDay(day), workerId.getBytes(StandardCharsets.UTF_8),
            KEEP_DAYS);
        listedOn = day;
      }
      WorkerInfo info = new WorkerInfo(workerId, host, pid, queues, concurrency,
          busy.getAsInt(), start, now, version);
      store.put(StoreKeys.workerBeat(workerId), WorkerDirectory.encode(info),
          period.multipliedBy(TTL_BEATS));
    } catch (RuntimeException e) {
      LOG.warn("worker {} could not write its heartbeat: {}", workerId, e.toString());
    }
  }

  /** Stops beating and deletes the record, so listings drop this worker at once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started == null) {
      return;
    }
    try {
      store.delete(StoreKeys.workerBeat(workerId));
    } catch (RuntimeException e) {
      LOG.warn("worker {} could not delete its heartbeat ({}); it ages out in {}", workerId,
          e.toString(), period.multipliedBy(TTL_BEATS));
    }
  }
}
