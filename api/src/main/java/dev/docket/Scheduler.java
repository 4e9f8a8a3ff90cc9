package dev.docket;

import dev.docket.internal.ClockTimer;
import dev.docket.internal.RuntimeThreads;
import dev.docket.internal.DerivedIds;
import dev.docket.internal.StoreKeys;
import dev.docket.internal.TickClaims;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues the jobs of cron {@link Schedule}s. Run as many instances as you like (one per worker
 * process is typical): for every tick exactly one job is enqueued, whichever instance sees it
 * first. Each tick has a deterministic job id (from the schedule name and the tick instant) and
 * a claim in the shared {@link StateStore}, so a tick whose job already ran and was acked is not
 * enqueued again by a slower instance. Ticks missed while no instance ran follow the schedule's
 * {@link MisfirePolicy}.
 *
 * <p>Time comes from the client's {@link Docket#time()}. {@link #start()} runs a background thread
 * that waits for the next tick on that source (a controllable one, such as {@link
 * dev.docket.testing.ManualClock}, wakes it when advanced); tests can instead call {@link
 * #runDue()} after advancing a {@code ManualClock}. Thread-safe.
 *
 * <pre>{@code
 * Scheduler scheduler = docket.scheduler()
 *     .schedule(Schedule.of("cleanup", CLEANUP, CronSchedule.unix("0 3 * * *"), args))
 *     .start();
 * }</pre>
 *
 * @since 0.1
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** How long a tick's claim is kept after its job was enqueued: 7 days. */
  public static final Duration CLAIM_TTL = Duration.ofDays(7);

  /**
   * How long a schedule's progress (its last handled tick) is kept: 400 days, renewed at every
   * tick. A schedule whose ticks are further apart starts afresh, as if newly registered.
   */
  static final Duration PROGRESS_TTL = Duration.ofDays(400);

  /** How long a claim may stay claimed-but-not-done before another scheduler takes it over. */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(1);

  /** Header of a scheduled job naming its schedule. */
  public static final String HEADER_SCHEDULE = "docket-cron-schedule";

  /** Header of a scheduled job holding its tick instant (ISO-8601). */
  public static final String HEADER_TICK = "docket-cron-tick";

  private final Docket docket;
  private final StateStore store;
  private final List<Schedule<?>> schedules;
  private final String schedulerId;
  private final TickClaims claims;
  private final ClockTimer timer;
  private volatile boolean running;
  private @Nullable Thread thread;

  private Scheduler(Docket docket, List<Schedule<?>> schedules, String schedulerId,
      Duration claimTimeout) {
    this.docket = docket;
    this.store = docket.requireStore("cron schedules");
    this.schedules = List.copyOf(schedules);
    this.schedulerId = schedulerId;
    this.claims = new TickClaims(store, docket.time(), schedulerId, claimTimeout, CLAIM_TTL,
        docket.records());
    this.timer = new ClockTimer(docket.time());
  }

  static Builder builder(Docket docket) {
    return new Builder(docket);
  }

  /**
   * Enqueues the jobs of every tick that is due and not yet claimed by any instance, following
   * each schedule's misfire policy. Returns how many jobs this instance enqueued. A schedule's
   * first call only records where it starts: ticks before that are never run.
   */
  public int runDue() {
    int enqueued = 0;
    RuntimeException first = null;
    for (Schedule<?> s : schedules) {
      try {
        enqueued += runDue(s, docket.clock().instant());
      } catch (RuntimeException e) {
        // One schedule's failure (store or broker down) must not starve the others.
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return enqueued;
  }

  private <A> int runDue(Schedule<A> s, Instant now) {
    String lastKey = StoreKeys.cronLast(s.name());
    Instant last = readInstant(lastKey);
    if (last == null) {
      if (store.putIfAbsent(lastKey, bytes(now.toString()), PROGRESS_TTL)) {
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
    for (Instant tick : ticks) {
      if (claimAndEnqueue(s, tick)) {
        enqueued++;
      }
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

  private <A> boolean claimAndEnqueue(Schedule<A> s, Instant tick) {
    String claimKey = StoreKeys.cronTick(s.name(), tick);
    String jobId = DerivedIds.of("cron", s.name(), tick.toString());
    TickClaims.Claim claim = claims.acquire(claimKey, jobId).orElse(null);
    if (claim == null) {
      return false;
    }
    EnqueueOptions.Builder options = EnqueueOptions.builder().jobId(jobId)
        .headers(Map.of(HEADER_SCHEDULE, s.name(), HEADER_TICK, tick.toString()));
    if (s.queue() != null) {
      options.queue(s.queue());
    }
    EnqueuedJob job;
    try {
      job = docket.enqueue(s.task(), s.argsFor(new CronTick(s.name(), tick)), options.build());
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

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The earliest upcoming tick of any schedule after {@code now}. */
  Optional<Instant> nextTick(Instant now) {
    return schedules.stream().map(s -> s.cron().nextAfter(now)).flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /**
   * Makes a first pass on the calling thread (so a schedule new to the store starts from now,
   * not from whenever the thread first runs), then starts a background thread that calls {@link
   * #runDue()} at every tick. A failing first pass is logged and retried by the thread.
   */
  public synchronized Scheduler start() {
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
    return this;
  }

  private void loop() {
    Duration backoff = Duration.ofMillis(100);
    while (running) {
      Instant now = docket.clock().instant();
      Instant wakeAt;
      try {
        runDue();
        backoff = Duration.ofMillis(100);
        wakeAt = nextTick(now).orElse(now.plus(Duration.ofHours(1)));
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

  /** The schedules, in registration order. */
  public List<Schedule<?>> schedules() {
    return schedules;
  }

  /** This instance's id (in claim records and logs). */
  public String schedulerId() {
    return schedulerId;
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

  /** Builds a {@link Scheduler}; get one from {@link Docket#scheduler()}. */
  public static final class Builder {
    private final Docket docket;
    private final Map<String, Schedule<?>> schedules = new LinkedHashMap<>();
    private String schedulerId = "scheduler-" + UUID.randomUUID().toString().substring(0, 8);
    private Duration claimTimeout = DEFAULT_CLAIM_TIMEOUT;

    private Builder(Docket docket) {
      this.docket = Objects.requireNonNull(docket, "docket");
    }

    /** Adds a schedule; names must be unique. */
    public Builder schedule(Schedule<?> schedule) {
      Objects.requireNonNull(schedule, "schedule");
      if (schedules.putIfAbsent(schedule.name(), schedule) != null) {
        throw new IllegalArgumentException("schedule '" + schedule.name()
            + "' is registered twice; give each schedule its own name");
      }
      return this;
    }

    /** Adds {@code task} on {@code cron} with {@code args}, named after the task. */
    public <A> Builder schedule(TaskType<A, ?> task, CronSchedule cron, A args) {
      return schedule(Schedule.of(task.name(), task, cron, args));
    }

    /** Adds every schedule of {@code list}. */
    public Builder schedules(List<Schedule<?>> list) {
      list.forEach(this::schedule);
      return this;
    }

    /** This instance's id (default: random). */
    public Builder schedulerId(String id) {
      this.schedulerId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * How long a tick may stay claimed but not done before another scheduler takes it over and
     * finishes it (default {@link #DEFAULT_CLAIM_TIMEOUT}); longer than any enqueue takes, and
     * than the clock skew between scheduler hosts.
     */
    public Builder claimTimeout(Duration timeout) {
      this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds without starting. Throws {@link InvalidConfigException} when the client has no
     * shared state store: schedules run in several processes must share their tick claims.
     */
    public Scheduler build() {
      return new Scheduler(docket, new ArrayList<>(schedules.values()), schedulerId,
          claimTimeout);
    }

    /** Builds and starts the background thread. */
    public Scheduler start() {
      return build().start();
    }
  }
}
