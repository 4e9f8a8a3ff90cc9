package dev.docket.cron;

import dev.docket.JobContext;
import dev.docket.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * The argument of a job enqueued for a {@link Task#schedule()} method: which schedule fired and
 * for which tick. A {@code @Task} method with a schedule takes a {@code CronTick} (optionally
 * followed by a {@link JobContext}).
 *
 * @param schedule the schedule name
 * @param tick the tick instant the job is for (not when it was enqueued)
 * @since 0.1
 */
public record CronTick(String schedule, Instant tick) {
  /** Validates. */
  public CronTick {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(tick, "tick");
  }
}
