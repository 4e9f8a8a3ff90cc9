package dev.docket.opentelemetry;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * The tracing tests' OpenTelemetry: an SDK that keeps every finished span in memory, exported
 * as it ends, so a test reads back what Docket and the application traced.
 */
final class SpanRecorder implements AutoCloseable {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();

  /** The SDK to hand to {@link DocketTracing#builder}. */
  OpenTelemetrySdk otel() {
    return otel;
  }

  /** The tracer the application's own spans (a request, a handler's work) come from. */
  Tracer appTracer() {
    return otel.getTracer("app");
  }

  /** Every span finished so far, in the order they ended. */
  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** The finished spans called {@code name}. */
  List<SpanData> named(String name) {
    return named(spans(), name);
  }

  /** The spans of {@code spans} called {@code name}. */
  static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  /** Forgets the spans finished so far. */
  void reset() {
    exporter.reset();
  }

  @Override
  public void close() {
    otel.close();
  }
}
