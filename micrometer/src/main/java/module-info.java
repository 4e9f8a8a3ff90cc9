/** A Micrometer {@code MeterBinder} for Docket: job timers and counters, queue and worker gauges. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer-core:
// an Automatic-Module-Name only; transitive because DocketMetrics is a MeterBinder.
module dev.docket.micrometer {
  requires transitive dev.docket.api;
  requires transitive micrometer.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.docket.micrometer;
}
