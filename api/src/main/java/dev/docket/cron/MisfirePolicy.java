package dev.docket.cron;

import dev.docket.Scheduler;

/**
 * What a {@link Scheduler} does with ticks that passed while no scheduler ran (every instance was
 * down, or the process was paused). Whatever the policy, each tick produces at most one job.
 *
 * @since 0.1
 */
public enum MisfirePolicy {
  /** Enqueue one catch-up job for the latest missed tick; drop the others. The default. */
  RUN_ONCE,
  /**
   * Drop missed ticks. A tick counts as missed when the scheduler sees it later than the
   * schedule's {@link Schedule#misfireThreshold()}.
   */
  SKIP,
  /**
   * Enqueue one job per missed tick, oldest first, but at most {@link Schedule#maxCatchUp()}
   * (the latest ones) so a long outage cannot flood the queue.
   */
  RUN_ALL
}
