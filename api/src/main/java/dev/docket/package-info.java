/**
 * Docket's client API, for application code: {@link dev.docket.Docket} to enqueue and inspect,
 * {@link dev.docket.TaskType} and {@link dev.docket.Task} to define tasks, {@link
 * dev.docket.Worker} to run them, {@link dev.docket.RetryPolicy}, {@link dev.docket.JobListener}
 * and {@link dev.docket.ManualClock} for tests. Broker authors look at {@code dev.docket.spi}.
 */
@NullMarked
package dev.docket;

import org.jspecify.annotations.NullMarked;
