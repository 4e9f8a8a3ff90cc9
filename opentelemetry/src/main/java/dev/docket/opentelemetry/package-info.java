/**
 * Docket tracing for OpenTelemetry: {@link dev.docket.opentelemetry.DocketTracing}, a job
 * interceptor that puts the W3C trace context in a job's headers when it is enqueued and runs
 * its handler in a consumer span. See {@code docs/observability.md} for the spans and attributes.
 */
@NullMarked
package dev.docket.opentelemetry;

import org.jspecify.annotations.NullMarked;
