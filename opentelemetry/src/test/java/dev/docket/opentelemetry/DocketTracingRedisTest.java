package dev.docket.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.tck.SharedRedis;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trace context across a real Redis (127.0.0.1:6379 or DOCKET_TEST_REDIS_URI), isolated by a key
 * prefix of its own: the traceparent survives the broker's encoding, a worker on another client
 * links its spans to the producer's, a retry is a second linked span. Writes the span tree to
 * target/ for the docs.
 */
class DocketTracingRedisTest {
  private static final String REDIS = System.getenv().getOrDefault("DOCKET_TEST_REDIS_URI",
      "redis://127.0.0.1:6379");
  private static final TaskType<String, String> RESIZE = TaskType.builder("resize", String.class,
      String.class).queue("images").retryPolicy(RetryPolicy.builder().maxRetries(1)
          .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(50)).build())
      .build();

  private final String prefix = "otel-" + UUID.randomUUID().toString().substring(0, 8);
  private final SpanRecorder recorder = new SpanRecorder();
  private final Tracer appTracer = recorder.appTracer();
  // Producer and worker are separate clients, as two processes would be.
  private final Docket producer = tracedClient();
  private final Docket consumer = tracedClient();

  /** A client of its own on the test's key prefix, traced into the recorder. */
  private Docket tracedClient() {
    return Docket.builder().uri(REDIS + "?keyPrefix=" + prefix).recordStates(false)
        .interceptor(DocketTracing.builder(recorder.otel()).build()).build();
  }

  @AfterEach
  void close() {
    producer.close();
    consumer.close();
    recorder.close();
    SharedRedis.deleteKeys(URI.create(REDIS), prefix);
  }

  @Test
  void traceContextCrossesRedis_toLinkedProcessSpansPerAttempt() throws IOException {
    Map<String, String> handlerTrace = new ConcurrentHashMap<>();
    Span request = appTracer.spanBuilder("POST /upload").startSpan();
    String jobId;
    try (Scope ignored = request.makeCurrent()) {
      jobId = producer.enqueue(RESIZE, "cat.png").id().value();
    } finally {
      request.end();
    }
    try (Worker w = consumer.worker().queues("images").concurrency(2)
        .handle(RESIZE, (name, ctx) -> {
          if (ctx.attempt() == 1) {
            throw new IllegalStateException("disk full");
          }
          handlerTrace.put("traceId", Span.current().getSpanContext().getTraceId());
          appTracer.spanBuilder("write thumbnail").startSpan().end();
          return name;
        }).start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> recorder.named("write thumbnail")
          .size() == 1 && recorder.named("images process").size() == 2);
    }

    List<SpanData> spans = recorder.spans();
    SpanData publish = SpanRecorder.named(spans, "images publish").getFirst();
    List<SpanData> runs = SpanRecorder.named(spans, "images process").stream()
        .sorted(Comparator.comparing(s -> s.getAttributes()
            .get(AttributeKey.longKey("docket.attempt")))).toList();
    SpanData thumbnail = SpanRecorder.named(spans, "write thumbnail").getFirst();

    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(runs).extracting(s -> s.getAttributes()
        .get(AttributeKey.longKey("docket.attempt"))).containsExactly(1L, 2L);
    for (SpanData run : runs) {
      assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(run.getLinks()).extracting(l -> l.getSpanContext().getTraceId() + "/"
          + l.getSpanContext().getSpanId())
          .containsExactly(publish.getTraceId() + "/" + publish.getSpanId());
      assertThat(run.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
          .isEqualTo(jobId);
      assertThat(run.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
          .isEqualTo("images");
    }
    assertThat(runs.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(runs.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(thumbnail.getParentSpanId()).isEqualTo(runs.get(1).getSpanId());
    assertThat(handlerTrace).containsEntry("traceId", runs.get(1).getTraceId());

    Path out = Path.of("target", "span-tree.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, tree(spans));
  }

  /** One line per span, children indented under parents, links and status shown. */
  private static String tree(List<SpanData> spans) {
    Map<String, String> shortIds = new ConcurrentHashMap<>();
    StringBuilder sb = new StringBuilder();
    List<SpanData> roots = spans.stream().filter(s -> !s.getParentSpanContext().isValid())
        .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).toList();
    for (SpanData root : roots) {
      print(root, spans, 0, sb, shortIds);
    }
    return sb.toString();
  }

  private static void print(SpanData span, List<SpanData> all, int depth, StringBuilder sb,
      Map<String, String> shortIds) {
    String id = shortIds.computeIfAbsent(span.getSpanId(), k -> "s" + (shortIds.size() + 1));
    sb.append("  ".repeat(depth)).append(span.getName()).append(" [").append(span.getKind())
        .append(' ').append(id).append(", trace ").append(span.getTraceId(), 0, 8).append("…]");
    if (!span.getLinks().isEmpty()) {
      sb.append(" link→").append(span.getLinks().stream()
          .map(l -> shortIds.getOrDefault(l.getSpanContext().getSpanId(), "?"))
          .collect(Collectors.joining(",")));
    }
    Long attempt = span.getAttributes().get(AttributeKey.longKey("docket.attempt"));
    if (attempt != null) {
      sb.append(" attempt=").append(attempt);
    }
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      sb.append(" ERROR ").append(span.getStatus().getDescription());
    }
    sb.append('\n');
    all.stream().filter(c -> c.getParentSpanId().equals(span.getSpanId()))
        .sorted(Comparator.comparing(SpanData::getStartEpochNanos))
        .forEach(c -> print(c, all, depth + 1, sb, shortIds));
  }
}
