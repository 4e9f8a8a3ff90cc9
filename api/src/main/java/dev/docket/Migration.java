package dev.docket;

import dev.docket.internal.migration.MigrationRun;
import dev.docket.spi.Broker;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Moves the jobs of a running system from one broker to another: ready, delayed and dead jobs,
 * with their ids, due times, priorities, headers, delivery counts (carried in {@link
 * dev.docket.spi.Headers#PRIOR_DELIVERIES}) and failure records, while producers already write
 * to the target. The steps keep every job somewhere at every moment:
 *
 * <ul>
 *   <li>ready jobs are leased from the source, published to the target with the same id, and
 *       only then acknowledged on the source. A crash in between leaves the source's copy leased;
 *       it comes back when the lease ends and the next run publishes it again, which the target
 *       answers as a duplicate (its id is live there) and the source copy is acknowledged;
 *   <li>delayed jobs are read whole and published with their due time, then deleted from the
 *       source by id, where the source can ({@link dev.docket.spi.Capabilities#moveWaiting()});
 *       elsewhere the run keeps leasing them as they come due for up to {@link
 *       Builder#waitDelayed} and reports the rest as left behind, with the reason;
 *   <li>dead letters are written into the target's dead-letter queue (idempotent) and then
 *       purged from the source, where the target can ({@link
 *       dev.docket.spi.Capabilities#restoreDeadLetters()}).
 * </ul>
 *
 * <p>A re-run never doubles a job as long as the target dedupes ids durably ({@link
 * dev.docket.spi.Capabilities#durableDedup()}: memory, Redis) and the moved job is still live
 * there; the report warns when the target cannot. Stop the source's workers first: a job a
 * source worker leases during the move runs there and is reported as left behind (leased).
 *
 * <p>The caller owns both brokers: a migration never closes them. Not thread-safe; run one at a
 * time per pair of brokers.
 *
 * @since 0.5
 */
public final class Migration {
  private final MigrationRun.Settings settings;

  private Migration(MigrationRun.Settings settings) {
    this.settings = settings;
  }

  /** A builder; {@link Builder#from} and {@link Builder#to} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the migration, queue by queue, and reports what moved and what stayed.
   *
   * @throws InterruptedException when interrupted while fetching; what moved so far stays moved
   *     and a re-run carries on
   * @throws IllegalArgumentException when no queue is named and the source cannot list its queues
   */
  public MigrationReport run() throws InterruptedException {
    return new MigrationRun(settings).run();
  }

  /** Options of a {@link Migration}, by name. */
  public static final class Builder {
    private @Nullable Broker from;
    private @Nullable Broker to;
    private final List<String> queues = new ArrayList<>();
    private int batch = 100;
    private Duration waitDelayed = Duration.ZERO;
    private Duration lease = Duration.ofMinutes(5);
    private boolean dryRun;
    private TimeSource time = TimeSource.system();

    private Builder() {}

    /** The broker to move jobs from; required. */
    public Builder from(Broker source) {
      this.from = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The broker to move jobs to; required. */
    public Builder to(Broker target) {
      this.to = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * The queues to move (repeatable). None: every queue the source lists ({@link
     * dev.docket.spi.Capabilities#listQueues()}), which fails where it cannot list them.
     */
    public Builder queue(String queue) {
      this.queues.add(Objects.requireNonNull(queue, "queue"));
      return this;
    }

    /** Like {@link #queue} for each of {@code queues}. */
    public Builder queues(List<String> queues) {
      queues.forEach(this::queue);
      return this;
    }

    /** Jobs per fetch, publish and delete: 1 to 1000; default 100. */
    public Builder batch(int batch) {
      if (batch < 1 || batch > 1000) {
        throw new IllegalArgumentException("batch must be between 1 and 1000, was " + batch);
      }
      this.batch = batch;
      return this;
    }

    /**
     * How long to keep leasing delayed jobs as they come due on a source that cannot read them
     * earlier; default zero (report them as left behind at once).
     */
    public Builder waitDelayed(Duration waitDelayed) {
      Objects.requireNonNull(waitDelayed, "waitDelayed");
      if (waitDelayed.isNegative()) {
        throw new IllegalArgumentException("waitDelayed must not be negative, was " + waitDelayed);
      }
      this.waitDelayed = waitDelayed;
      return this;
    }

    /**
     * How long a ready job stays leased on the source while it is copied; a crash leaves it
     * leased this long before a re-run sees it again. Default five minutes.
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** True to move nothing and report what the source holds; default false. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Where the deadline of {@link #waitDelayed} is read; default the system clock. */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Validates and builds. */
    public Migration build() {
      if (from == null || to == null) {
        throw new IllegalStateException("a migration needs both from(...) and to(...)");
      }
      if (from == to) {
        throw new IllegalArgumentException("source and target are the same broker");
      }
      return new Migration(new MigrationRun.Settings(from, to, List.copyOf(queues), batch,
          waitDelayed, lease, dryRun, time));
    }
  }
}
