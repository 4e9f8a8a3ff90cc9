package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.time.Clock;

/**
 * The in-memory broker and store for the TCK: on the test's manual clock, so leases, delays,
 * TTLs and cron days pass without waiting, or on the system clock, so the kit's real-time path
 * (the one network brokers take) is proven on a pair known to be correct. Nothing outlives a
 * test, so there is nothing to clean up.
 */
record InMemoryTckFixture(boolean manualClock) implements TckFixture {

  /** Broker and store on the TCK's manual clock. */
  static InMemoryTckFixture manual() {
    return new InMemoryTckFixture(true);
  }

  /** Broker and store on the system clock. */
  static InMemoryTckFixture realTime() {
    return new InMemoryTckFixture(false);
  }

  @Override
  public Broker broker(TckContext ctx) {
    return InMemoryBroker.create(manualClock ? ctx.clock() : TimeSource.system());
  }

  @Override
  public StateStore store(TckContext ctx) {
    return InMemoryStateStore.create(manualClock ? ctx.clock() : Clock.systemUTC());
  }

  @Override
  public boolean storeFollowsClock() {
    return manualClock;
  }
}
