/**
 * Test support shipped with the API: {@link dev.docket.testing.ManualClock}, a {@link
 * dev.docket.spi.TimeSource} that moves only when a test says so.
 */
@NullMarked
package dev.docket.testing;

import org.jspecify.annotations.NullMarked;
