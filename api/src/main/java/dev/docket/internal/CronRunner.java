package dev.docket.internal;

import dev.docket.cron.CronTick;
import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.JobRequest;
import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work behind a {@link Scheduler}: finds due ticks, claims each in the store, enqueues its job
 * with a deterministic id, and runs the background loop that waits for the next tick on the
 * client's time source. Thread-safe.
 */
public final class CronRunner implements AutoCloseable {
  /** Logged as the Scheduler: the category users already configure for cron. */
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /**
   * How long a schedule's progress (its last handled tick) is kept: 400 days, renewed at every
   * tick. A schedule whose ticks are further apart starts afresh, as if newly registered.
   */
  static final Duration PROGRESS_TTL = Duration.ofDays(400);

  private final DocketCore core;
  private final StateStore store;
  private final List<Schedule<?>> schedules;
  private final String schedulerId;
  private final TickClaims claims;
  private final ClockTimer timer;
  private volatile boolean running;
  private @Nullable Thread thread;

  /** A runner of {@code schedules}; needs the core's store (else InvalidConfigException). */
  public CronRunner(DocketCore core, List<Schedule<?>> schedules, String schedulerId,
      Duration claimTimeout, Duration claimTtl) {
    this.core = core;
    this.store = core.requireStore("cron schedules");
    this.schedules = List.copyOf(schedules);
    this.schedulerId = schedulerId;
    this.claims = new TickClaims(store, core.time(), schedulerId, claimTimeout, claimTtl,
        core.records());
    this.timer = new ClockTimer(core.time());
  }

  /** The schedules, in registration order. */
  public List<Schedule<?>> schedules() {
    return schedules;
  }

  /** Enqueues every due, unclaimed tick; see {@link Scheduler#runDue()}. */
  public int runDue() {
    int enqueued = 0;
    RuntimeException first = null;
    // The listing is written after every schedule's ticks are enqueued, so it never delays them.
    List<Runnable> listing = new ArrayList<>();
    for (Schedule<?> s : schedules) {
      try {
        enqueued += runDue(s, core.time().clock().instant(), listing);
      } catch (RuntimeException e) {
        // One schedule's failure (store or broker down) must not starve the others.
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    listing.forEach(Runnable::run); // never throws: see ScheduleRegistry
    if (first != null) {
      throw first;
    }
    return enqueued;
  }

  private <A> int runDue(Schedule<A> s, Instant now, List<Runnable> listing) {
    listing.add(() -> core.schedules().seen(s, now));
    String lastKey = StoreKeys.cronLast(s.name());
    Instant last = readInstant(lastKey);
    if (last == null) {
      if (store.putIfAbsent(lastKey, now.toString().getBytes(StandardCharsets.UTF_8),
          PROGRESS_TTL)) {
        return 0;
      }
      last = Objects.requireNonNull(readInstant(lastKey));
    }
    Optional<Instant> latest = s.cron().latestAtOrBefore(now);
    if (latest.isEmpty() || !latest.get().isAfter(last)) {
      return 0;
    }
    List<Instant> ticks = switch (s.misfire()) {
      case RUN_ONCE -> List.of(latest.get());
      case SKIP -> Duration.between(latest.get(), now).compareTo(s.misfireThreshold()) <= 0
          ? List.of(latest.get()) : List.of();
      case RUN_ALL -> ticksBetween(s, last, latest.get());
    };
    int enqueued = 0;
    Instant fired = null;
    for (Instant tick : ticks) {
      Boolean added = claimAndEnqueue(s, tick);
      if (added != null) {
        fired = tick;
        enqueued += added ? 1 : 0;
      }
    }
    if (fired != null) {
      Instant tick = fired;
      listing.add(() -> core.schedules().fired(s, tick));
    }
    TickClaims.advance(store, lastKey, latest.get(), PROGRESS_TTL);
    return enqueued;
  }

  /** The latest {@code maxCatchUp} ticks in (last, latest], oldest first. */
  private static List<Instant> ticksBetween(Schedule<?> s, Instant last, Instant latest) {
    Deque<Instant> out = new ArrayDeque<>();
    Optional<Instant> t = Optional.of(latest);
    while (t.isPresent() && t.get().isAfter(last) && out.size() < s.maxCatchUp()) {
      out.addFirst(t.get());
      t = s.cron().latestBefore(t.get());
    }
    return List.copyOf(out);
  }

  /** Null when another scheduler has the tick; else whether the job is new (not a duplicate). */
  private <A> @Nullable Boolean claimAndEnqueue(Schedule<A> s, Instant tick) {
    String claimKey = StoreKeys.cronTick(s.name(), tick);
    String jobId = ScheduleRegistry.jobId(s.name(), tick);
    TickClaims.Claim claim = claims.acquire(claimKey, jobId).orElse(null);
    if (claim == null) {
      return null;
    }
    EnqueueOptions.Builder options = EnqueueOptions.builder().jobId(jobId).headers(Map.of(
        Scheduler.HEADER_SCHEDULE, s.name(), Scheduler.HEADER_TICK, tick.toString()));
    if (s.queue() != null) {
      options.queue(s.queue());
    }
    EnqueuedJob job;
    try {
      job = core.enqueue(List.of(LinkedRequest.plain(JobRequest.of(s.task(),
          s.argsFor(new CronTick(s.name(), tick)), options.build())))).get(0);
    } catch (RuntimeException e) {
      // Give the tick back so this or another instance retries it.
      claims.giveBack(claimKey, claim);
      throw e;
    }
    claims.done(claimKey);
    LOG.debug("Schedule {} enqueued job {} for tick {}", s.name(), job.id(), tick);
    return !job.duplicate();
  }

  private @Nullable Instant readInstant(String key) {
    return store.get(key).map(b -> Instant.parse(new String(b, StandardCharsets.UTF_8)))
        .orElse(null);
  }

  /** The earliest upcoming tick of any schedule after {@code now}. */
  Optional<Instant> nextTick(Instant now) {
    return schedules.stream().map(s -> s.cron().nextAfter(now)).flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /** A first pass on the calling thread, then the background loop; see Scheduler.start(). */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("scheduler " + schedulerId + " was already started");
    }
    try {
      runDue();
    } catch (RuntimeException e) {
      LOG.warn("Scheduler {} could not make its first pass ({}); its thread retries",
          schedulerId, e.toString());
    }
    running = true;
    thread = RuntimeThreads.startLoop("scheduler-" + schedulerId, this::loop);
  }

  private void loop() {
    Duration backoff = Duration.ofMillis(100);
    while (running) {
      Instant now = core.time().clock().instant();
      Instant wakeAt;
      try {
        runDue();
        backoff = Duration.ofMillis(100);
        // At least hourly, so the listing's records (ScheduleRegistry) of a rare schedule stay.
        Instant hour = now.plus(Duration.ofHours(1));
        wakeAt = nextTick(now).filter(t -> t.isBefore(hour)).orElse(hour);
      } catch (RuntimeException e) {
        LOG.warn("Scheduler {} could not enqueue due ticks ({}); retrying in {}", schedulerId,
            e.toString(), backoff);
        wakeAt = now.plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
      }
      try {
        timer.awaitUntil(wakeAt);
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** Whether the background thread runs. */
  public boolean isRunning() {
    return running;
  }

  /** Stops the background thread (if started) and waits for it. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    timer.close();
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
