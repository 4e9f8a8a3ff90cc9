package dev.docket.tck.selftest.example;

import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.broker.inmemory.InMemoryStateStore;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;

/** How the TCK gets a fresh broker and store for each test: all of a module's wiring. */
final class ExampleTckFixture implements TckFixture {

  @Override
  public Broker broker(TckContext ctx) {
    // Isolate by ctx.namespace(); read time from ctx.clock() if the broker can.
    return InMemoryBroker.create(ctx.clock());
  }

  @Override
  public StateStore store(TckContext ctx) {
    // Optional: the store your deployments use; without one, C and W use the TCK's.
    return InMemoryStateStore.create(ctx.clock());
  }

  @Override
  public boolean storeFollowsClock() {
    return true; // the store reads its TTLs from ctx.clock()
  }

  @Override
  public void cleanup(TckContext ctx) {
    // Optional: delete what the namespace cannot isolate, after broker and store are closed.
  }
}
