/**
 * Docket's client API, for application code: {@link dev.docket.Docket} to enqueue and inspect,
 * {@link dev.docket.TaskType} and {@link dev.docket.Task} to define tasks, {@link
 * dev.docket.Worker} to run them, {@link dev.docket.RetryPolicy} and {@link dev.docket.JobListener}.
 * Tests take {@code dev.docket.testing.ManualClock}; broker authors look at {@code dev.docket.spi}.
 */
@NullMarked
package dev.docket;

import org.jspecify.annotations.NullMarked;
