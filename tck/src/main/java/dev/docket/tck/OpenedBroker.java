package dev.docket.tck;

import static org.assertj.core.api.Assertions.fail;

import dev.docket.spi.Broker;

/** The start of a contract test that opens a broker: what every contract base asks a fixture. */
final class OpenedBroker {

  private OpenedBroker() {}

  /** The fixture's fresh broker for the test of {@code ctx}; fails the test when it gives none. */
  static Broker of(TckFixture fixture, TckContext ctx) {
    Broker broker = fixture.broker(ctx);
    if (broker == null) {
      fail("broker(ctx) of " + fixture.getClass().getName() + " returned null; it must return"
          + " a fresh, open broker for " + ctx);
    }
    return broker;
  }
}
