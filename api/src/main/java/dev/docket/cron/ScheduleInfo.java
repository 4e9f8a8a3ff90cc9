package dev.docket.cron;

import dev.docket.Docket;
import dev.docket.spi.support.Require;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A cron schedule as the schedulers that run it last recorded it, read by {@link
 * Docket#schedules()} from the shared state store (so any process sees the schedules of every
 * other), or from this process alone when the client has no store.
 *
 * @param name the schedule name
 * @param task the task it enqueues
 * @param queue the queue its jobs go to
 * @param cron the cron expression, as given
 * @param zone the zone the expression is read in
 * @param nextFire the next tick after a scheduler's latest pass, or {@code null} when the
 *     expression has no further tick; a time in the past means no scheduler ran since
 * @param lastFire the latest tick a job was enqueued for, or {@code null} when none yet
 * @param lastJobId the id of that tick's job, or {@code null} when none yet
 * @param seen when a scheduler last wrote this record
 * @since 0.4
 */
public record ScheduleInfo(String name, String task, String queue, String cron, ZoneId zone,
    @Nullable Instant nextFire, @Nullable Instant lastFire, @Nullable String lastJobId,
    Instant seen) {

  /** Validates. */
  public ScheduleInfo {
    Require.nonNull("name", name, "task", task, "queue", queue, "cron", cron, "zone", zone,
        "seen", seen);
  }
}
