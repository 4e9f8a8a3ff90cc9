/** Periodic jobs: cron schedules ({@link dev.docket.cron.Schedule}, {@link dev.docket.cron.CronSchedule}), their ticks and misfire policy; {@link dev.docket.Scheduler} fires them. */
@NullMarked
package dev.docket.cron;

import org.jspecify.annotations.NullMarked;
