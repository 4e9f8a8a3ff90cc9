/**
 * Docket's client API ({@code dev.docket}) and service-provider interface ({@code
 * dev.docket.spi}), and the test clock ({@code dev.docket.testing}). The runtime in {@code dev.docket.internal} is not exported.
 */
@SuppressWarnings("requires-automatic") // cron-utils ships an Automatic-Module-Name only
module dev.docket.api {
  requires transitive tools.jackson.databind;
  requires org.slf4j;
  requires com.cronutils;
  requires static transitive org.jspecify;

  exports dev.docket;
  exports dev.docket.cron;
  exports dev.docket.workflow;
  exports dev.docket.spi;
  exports dev.docket.spi.support;
  exports dev.docket.testing;

  uses dev.docket.spi.BrokerProvider;
  uses dev.docket.spi.StoreProvider;
}
