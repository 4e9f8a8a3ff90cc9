/**
 * Docket metrics for Micrometer: {@link dev.docket.micrometer.DocketMetrics}, a {@code
 * MeterBinder} that is also the job interceptor and listener it measures through. For
 * applications; see {@code docs/observability.md} for every meter.
 */
@NullMarked
package dev.docket.micrometer;

import org.jspecify.annotations.NullMarked;
