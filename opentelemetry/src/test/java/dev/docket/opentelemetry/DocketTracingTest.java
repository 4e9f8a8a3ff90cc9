package dev.docket.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobId;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.testing.ManualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans on memory:// with the manual clock, read back from the in-memory exporter. */
class DocketTracingTest {
  private final SpanRecorder recorder = new SpanRecorder();
  private final Tracer appTracer = recorder.appTracer();
  private final ManualClock clock = new ManualClock();
  private Docket docket = docket(DocketTracing.builder(recorder.otel()).build());

  private static final TaskType<Integer, Integer> SEND = TaskType.builder("send", Integer.class,
      Integer.class).queue("mail").retryPolicy(RetryPolicy.builder().maxRetries(1)
          .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(10)).jitter(0)
          .build()).build();

  private Docket docket(DocketTracing tracing) {
    return Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock)
        .interceptor(tracing).build();
  }

  @AfterEach
  void close() {
    docket.close();
    recorder.close();
  }

  private SpanData only(String name) {
    List<SpanData> found = recorder.named(name);
    assertThat(found).as(name).hasSize(1);
    return found.getFirst();
  }

  /** Trace and span id: a link holds the remote (extracted) copy of the publish context. */
  private static String ids(SpanContext context) {
    return context.getTraceId() + "/" + context.getSpanId();
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void enqueueInjectsTraceparent_andTheRunIsAConsumerSpanLinkedToThePublishSpan() {
    List<SpanContext> seenInHandler = new CopyOnWriteArrayList<>();
    List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    Worker w = docket.worker().queues("mail").handle(SEND, (n, ctx) -> {
      seenInHandler.add(Span.current().getSpanContext());
      headers.add(ctx.headers());
      appTracer.spanBuilder("smtp").startSpan().end(); // a span the handler starts
      return n;
    }).build();

    Span request = appTracer.spanBuilder("POST /signup").startSpan();
    JobId id;
    try (Scope ignored = request.makeCurrent()) {
      id = docket.enqueue(SEND, 7).id();
    } finally {
      request.end();
    }
    assertThat(w.runDue()).isEqualTo(1);

    SpanData publish = only("mail publish");
    SpanData process = only("mail process");
    SpanData smtp = only("smtp");
    // The tree: request -> publish; process (new trace, linked) -> smtp.
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(publish.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getTraceId()).isNotEqualTo(publish.getTraceId());
    assertThat(process.getLinks()).hasSize(1);
    assertThat(ids(process.getLinks().getFirst().getSpanContext()))
        .isEqualTo(ids(publish.getSpanContext()));
    assertThat(smtp.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(seenInHandler).containsExactly(process.getSpanContext());
    assertThat(headers.getFirst().get("traceparent")).isEqualTo("00-" + publish.getTraceId()
        + "-" + publish.getSpanId() + "-" + publish.getSpanContext().getTraceFlags().asHex());

    assertThat(attr(publish, "messaging.system")).isEqualTo("docket");
    assertThat(attr(publish, "messaging.destination.name")).isEqualTo("mail");
    assertThat(attr(publish, "messaging.operation.type")).isEqualTo("publish");
    assertThat(attr(publish, "messaging.message.id")).isEqualTo(id.value());
    assertThat(attr(publish, "docket.task")).isEqualTo("send");
    assertThat(attr(process, "messaging.system")).isEqualTo("docket");
    assertThat(attr(process, "messaging.destination.name")).isEqualTo("mail");
    assertThat(attr(process, "messaging.operation.type")).isEqualTo("process");
    assertThat(attr(process, "messaging.message.id")).isEqualTo(id.value());
    assertThat(attr(process, "docket.task")).isEqualTo("send");
    assertThat(process.getAttributes().get(AttributeKey.longKey("docket.attempt"))).isEqualTo(1);
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void parentFromMessage_makesTheRunAChildOfThePublishSpan() {
    docket.close();
    docket = docket(DocketTracing.builder(recorder.otel()).parentFromMessage(true).build());
    Worker w = docket.worker().queues("mail").handle(SEND, (n, ctx) -> n).build();
    docket.enqueue(SEND, 1);
    assertThat(w.runDue()).isEqualTo(1);

    SpanData publish = only("mail publish");
    SpanData process = only("mail process");
    assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(process.getLinks()).isEmpty();
  }

  @Test
  void aFailedAttemptIsAnErrorSpan_andTheRetryIsAnotherSpanLinkedToTheSamePublish() {
    AtomicInteger runs = new AtomicInteger();
    Worker w = docket.worker().queues("mail").handle(SEND, (n, ctx) -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("smtp down");
      }
      return n;
    }).build();
    docket.enqueue(SEND, 1);
    assertThat(w.runDue()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(w.runDue()).isEqualTo(1);

    SpanData publish = only("mail publish");
    List<SpanData> runsSpans = recorder.named("mail process");
    assertThat(runsSpans).hasSize(2);
    SpanData first = runsSpans.get(0);
    SpanData second = runsSpans.get(1);
    assertThat(first.getAttributes().get(AttributeKey.longKey("docket.attempt"))).isEqualTo(1);
    assertThat(second.getAttributes().get(AttributeKey.longKey("docket.attempt"))).isEqualTo(2);
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(first.getStatus().getDescription())
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(first.getEvents()).hasSize(1);
    Attributes exception = first.getEvents().getFirst().getAttributes();
    assertThat(first.getEvents().getFirst().getName()).isEqualTo("exception");
    assertThat(exception.get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(exception.get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("smtp down");
    assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(second.getEvents()).isEmpty();
    for (SpanData run : runsSpans) {
      assertThat(run.getLinks()).extracting(l -> ids(l.getSpanContext()))
          .containsExactly(ids(publish.getSpanContext()));
    }
    assertThat(first.getTraceId()).isNotEqualTo(second.getTraceId());
  }

  @Test
  void theCallersHeadersWin_andAJobWithoutTraceHeadersHasNoLink() {
    Worker w = docket.worker().queues("mail").handle(SEND, (n, ctx) -> n).build();
    // A traceparent the caller set (e.g. copied from an upstream message) is kept as is.
    String upstream = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    docket.enqueue(SEND, 1, EnqueueOptions.builder().headers(Map.of("traceparent", upstream)).build());
    assertThat(w.runDue()).isEqualTo(1);
    SpanData process = only("mail process");
    assertThat(process.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly("b7ad6b7169203331");

    recorder.reset();
    Docket plain = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock).build();
    try {
      // No tracing on the producer: the message carries no context.
      Worker untraced = plain.worker().queues("mail")
          .interceptor(DocketTracing.builder(recorder.otel()).build())
          .handle(SEND, (n, ctx) -> n).build();
      plain.enqueue(SEND, 2);
      assertThat(untraced.runDue()).isEqualTo(1);
      assertThat(recorder.named("mail publish")).isEmpty();
      assertThat(only("mail process").getLinks()).isEmpty();
    } finally {
      plain.close();
    }
  }
}
