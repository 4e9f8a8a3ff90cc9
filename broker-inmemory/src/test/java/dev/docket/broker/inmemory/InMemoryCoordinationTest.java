package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;

/**
 * Runs the coordination TCK (state store S, features C1–C5) on the reference broker and the
 * in-memory store, both on the TCK's manual clock: TTLs, leases and windows pass without waiting.
 */
class InMemoryCoordinationTest extends CoordinationKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(ctx.clock());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(ctx.clock());
  }

  @Override
  protected boolean storeFollowsClock() {
    return true;
  }
}
