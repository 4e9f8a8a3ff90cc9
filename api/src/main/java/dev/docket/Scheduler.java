package dev.docket;

import dev.docket.cron.CronSchedule;
import dev.docket.cron.MisfirePolicy;
import dev.docket.cron.Schedule;
import dev.docket.internal.CronRunner;
import dev.docket.internal.DocketCore;
import dev.docket.internal.Names;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

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
  /** How long a tick's claim is kept after its job was enqueued: 7 days. */
  public static final Duration CLAIM_TTL = Duration.ofDays(7);

  /** How long a claim may stay claimed-but-not-done before another scheduler takes it over. */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(1);

  /** Header of a scheduled job naming its schedule. */
  public static final String HEADER_SCHEDULE = "docket-cron-schedule";

  /** Header of a scheduled job holding its tick instant (ISO-8601). */
  public static final String HEADER_TICK = "docket-cron-tick";

  private final CronRunner runner;
  private final String schedulerId;

  private Scheduler(CronRunner runner, String schedulerId) {
    this.runner = runner;
    this.schedulerId = schedulerId;
  }

  static Builder builder(DocketCore core) {
    return new Builder(core);
  }

  /**
   * Enqueues the jobs of every tick that is due and not yet claimed by any instance, following
   * each schedule's misfire policy. Returns how many jobs this instance enqueued. A schedule's
   * first call only records where it starts: ticks before that are never run.
   */
  public int runDue() {
    return runner.runDue();
  }

  /**
   * Makes a first pass on the calling thread (so a schedule new to the store starts from now,
   * not from whenever the thread first runs), then starts a background thread that calls {@link
   * #runDue()} at every tick. A failing first pass is logged and retried by the thread.
   */
  public Scheduler start() {
    runner.start();
    return this;
  }

  /** Whether the background thread runs. */
  public boolean isRunning() {
    return runner.isRunning();
  }

  /** The schedules, in registration order. */
  public List<Schedule<?>> schedules() {
    return runner.schedules();
  }

  /** This instance's id (in claim records and logs). */
  public String schedulerId() {
    return schedulerId;
  }

  /** Stops the background thread (if started) and waits for it. */
  @Override
  public void close() {
    runner.close();
  }

  /** Builds a {@link Scheduler}; get one from {@link Docket#scheduler()}. */
  public static final class Builder {
    private final DocketCore core;
    private final Map<String, Schedule<?>> schedules = new LinkedHashMap<>();
    private String schedulerId = "scheduler-" + UUID.randomUUID().toString().substring(0, 8);
    private Duration claimTimeout = DEFAULT_CLAIM_TIMEOUT;

    private Builder(DocketCore core) {
      this.core = Objects.requireNonNull(core, "core");
    }

    /** Adds a schedule; names must be unique. */
    public Builder schedule(Schedule<?> schedule) {
      Names.addSchedule(schedules, schedule, "");
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
      return new Scheduler(new CronRunner(core, new ArrayList<>(schedules.values()), schedulerId,
          claimTimeout, CLAIM_TTL), schedulerId);
    }

    /** Builds and starts the background thread. */
    public Scheduler start() {
      return build().start();
    }
  }
}
