package dev.docket.opentelemetry;

import dev.docket.EnqueueInvocation;
import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Traces jobs with OpenTelemetry, following the messaging semantic conventions. Register it on
 * the client, so it sees both ends:
 *
 * <pre>{@code
 * DocketTracing tracing = DocketTracing.builder(openTelemetry).build();
 * Docket docket = Docket.builder().uri(uri).interceptor(tracing).build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Enqueue</b>: a {@link SpanKind#PRODUCER} span {@code "<queue> publish"}, child of the
 *       caller's current span, and its context injected into the job's headers ({@code
 *       traceparent}, {@code tracestate}). The span marks the hand-off: it ends before the job
 *       is published, because the interceptor seam hands headers back rather than wrapping the
 *       publish.
 *   <li><b>Each run</b> (every attempt): a {@link SpanKind#CONSUMER} span {@code "<queue>
 *       process"}, current while the handler runs, so spans the handler starts are its children.
 *       It is <em>linked</em> to the producer span and starts a trace of its own (the
 *       conventions' advice for work that runs later or many times); {@link
 *       Builder#parentFromMessage(boolean) parentFromMessage(true)} makes it a child of the
 *       producer span instead, one trace from request to job. A handler that throws leaves the
 *       span with status {@link StatusCode#ERROR} and the exception recorded.
 * </ul>
 *
 * <p>Attributes on both spans: {@value #SYSTEM} = {@code docket}, {@value #DESTINATION} = the
 * queue, {@value #OPERATION_TYPE} and {@value #OPERATION_NAME} = {@code publish} or {@code
 * process}, {@value #MESSAGE_ID} = the job id, {@value #TASK} = the task name; the process span
 * also has {@value #ATTEMPT} (1-based).
 *
 * <p>Thread-safe and stateless between jobs: nothing is kept per job. Jobs enqueued without it
 * (or by another language) have no trace headers; their process spans have no link and no
 * parent from the message.
 *
 * @since 0.3
 */
public final class DocketTracing implements JobInterceptor {

  /** The instrumentation scope name the tracer is obtained under: {@value}. */
  public static final String INSTRUMENTATION_NAME = "dev.docket";

  /** Attribute name {@value}: always {@code docket}. */
  public static final String SYSTEM = "messaging.system";
  /** Attribute name {@value}: the queue. */
  public static final String DESTINATION = "messaging.destination.name";
  /** Attribute name {@value}: {@code publish} or {@code process}. */
  public static final String OPERATION_TYPE = "messaging.operation.type";
  /** Attribute name {@value}: {@code publish} or {@code process}. */
  public static final String OPERATION_NAME = "messaging.operation.name";
  /** Attribute name {@value}: the job id. */
  public static final String MESSAGE_ID = "messaging.message.id";
  /** Attribute name {@value}: the task name. */
  public static final String TASK = "docket.task";
  /** Attribute name {@value}: the attempt, 1-based (process spans only). */
  public static final String ATTEMPT = "docket.attempt";

  private static final AttributeKey<String> SYSTEM_KEY = AttributeKey.stringKey(SYSTEM);
  private static final AttributeKey<String> DESTINATION_KEY = AttributeKey.stringKey(DESTINATION);
  private static final AttributeKey<String> OPERATION_TYPE_KEY =
      AttributeKey.stringKey(OPERATION_TYPE);
  private static final AttributeKey<String> OPERATION_NAME_KEY =
      AttributeKey.stringKey(OPERATION_NAME);
  private static final AttributeKey<String> MESSAGE_ID_KEY = AttributeKey.stringKey(MESSAGE_ID);
  private static final AttributeKey<String> TASK_KEY = AttributeKey.stringKey(TASK);
  private static final AttributeKey<Long> ATTEMPT_KEY = AttributeKey.longKey(ATTEMPT);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean parentFromMessage;

  private DocketTracing(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.propagator = b.propagator;
    this.parentFromMessage = b.parentFromMessage;
  }

  /**
   * Starts a builder.
   *
   * @param openTelemetry where the tracer comes from (an SDK, or {@code
   *     GlobalOpenTelemetry.get()})
   * @return a builder with links (not parents) and the W3C trace-context propagator
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public Map<String, String> onEnqueue(EnqueueInvocation job) {
    Span span = span(SpanKind.PRODUCER, "publish", job.queue(), job.jobId().value(), job.task())
        .startSpan();
    try {
      Map<String, String> headers = new HashMap<>(4);
      propagator.inject(Context.current().with(span), headers, MapSetter.INSTANCE);
      return headers;
    } finally {
      span.end();
    }
  }

  @Override
  public @Nullable Object intercept(JobInvocation job, Proceed proceed) throws Exception {
    // Extract on the root: the worker thread's own context must not leak into the message's.
    Context fromMessage = propagator.extract(Context.root(), job.headers(), MapGetter.INSTANCE);
    SpanContext producer = Span.fromContext(fromMessage).getSpanContext();
    SpanBuilder builder = span(SpanKind.CONSUMER, "process", job.queue(), job.jobId().value(),
        job.task()).setAttribute(ATTEMPT_KEY, (long) job.attempt());
    if (producer.isValid()) {
      if (parentFromMessage) {
        builder.setParent(fromMessage);
      } else {
        builder.addLink(producer);
      }
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return proceed.proceed();
    } catch (Throwable t) {
      span.recordException(t);
      // The class name, not the message: a message may carry job data into the trace backend.
      span.setStatus(StatusCode.ERROR, t.getClass().getName());
      throw t;
    } finally {
      span.end();
    }
  }

  /** A span of messaging {@code operation} on {@code queue}, with the conventions' attributes. */
  private SpanBuilder span(SpanKind kind, String operation, String queue, String jobId,
      String task) {
    return tracer.spanBuilder(queue + " " + operation)
        .setSpanKind(kind)
        .setAttribute(SYSTEM_KEY, "docket")
        .setAttribute(DESTINATION_KEY, queue)
        .setAttribute(OPERATION_TYPE_KEY, operation)
        .setAttribute(OPERATION_NAME_KEY, operation)
        .setAttribute(MESSAGE_ID_KEY, jobId)
        .setAttribute(TASK_KEY, task);
  }

  @Override
  public String toString() {
    return "DocketTracing[parentFromMessage=" + parentFromMessage + "]";
  }

  /** Options for {@link DocketTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
    private boolean parentFromMessage;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Makes each process span a child of the producer span (one trace from the enqueuing
     * request through every attempt) instead of a new trace linked to it. Default {@code
     * false}.
     *
     * @param parentFromMessage whether the message's context is the parent
     * @return this builder
     */
    public Builder parentFromMessage(boolean parentFromMessage) {
      this.parentFromMessage = parentFromMessage;
      return this;
    }

    /**
     * Replaces the propagator that writes and reads the job headers. Default: W3C trace context
     * ({@code traceparent}, {@code tracestate}), whatever the {@code OpenTelemetry} instance
     * has configured, so that producers and workers agree without configuration. Pass {@code
     * openTelemetry.getPropagators().getTextMapPropagator()} to add baggage or other formats.
     *
     * @param propagator the propagator
     * @return this builder
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /**
     * Builds the interceptor.
     *
     * @return the interceptor, to register with {@code Docket.Builder.interceptor}
     */
    public DocketTracing build() {
      return new DocketTracing(this);
    }
  }

  private enum MapSetter implements TextMapSetter<Map<String, String>> {
    INSTANCE;

    @Override
    public void set(@Nullable Map<String, String> carrier, String key, String value) {
      if (carrier != null) {
        carrier.put(key, value);
      }
    }
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
