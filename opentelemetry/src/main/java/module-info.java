/** OpenTelemetry tracing for Docket: W3C trace context from producer to worker. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // opentelemetry-api:
// an Automatic-Module-Name only; transitive because the builder takes an OpenTelemetry.
module dev.docket.opentelemetry {
  requires transitive dev.docket.api;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires static org.jspecify;

  exports dev.docket.opentelemetry;
}
