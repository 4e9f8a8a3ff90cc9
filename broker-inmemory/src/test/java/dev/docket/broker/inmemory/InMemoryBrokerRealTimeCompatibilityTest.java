package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;
import java.time.Clock;

/**
 * Runs the whole TCK against the reference broker on the system clock, so the kit's real-time
 * path (the one network brokers take) is proven on a broker known to be correct. Rules that need
 * a controllable clock report themselves skipped with the capability they need.
 */
class InMemoryBrokerRealTimeCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }
}
