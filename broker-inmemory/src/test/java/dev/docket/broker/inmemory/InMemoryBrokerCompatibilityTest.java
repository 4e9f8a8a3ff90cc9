package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;

/** Runs the whole TCK against the reference broker, on the TCK's manual clock. */
class InMemoryBrokerCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(ctx.clock());
  }
}
