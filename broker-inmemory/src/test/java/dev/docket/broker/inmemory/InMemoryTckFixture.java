package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory broker and store for the TCK: on the test's manual clock, so leases, delays,
 * TTLs and cron days pass without waiting, or on the system clock, so the kit's real-time path
 * (the one network brokers take) is proven on a pair known to be correct. Nothing outlives a
 * test, so there is nothing to clean up.
 */
final class InMemoryTckFixture implements TckFixture {

  private final boolean manualClock;
  private @Nullable InMemoryBroker opened;

  private InMemoryTckFixture(boolean manualClock) {
    this.manualClock = manualClock;
  }

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
    opened = InMemoryBroker.create(manualClock ? ctx.clock() : TimeSource.system());
    return opened;
  }

  /** The test's broker is the server: asks its queue table. */
  @Override
  public Optional<Boolean> queueExists(TckContext ctx, String queue) {
    InMemoryBroker broker = opened;
    return broker == null ? Optional.empty() : Optional.of(broker.hasQueue(queue));
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
