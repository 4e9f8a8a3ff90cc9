package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckContext;
import java.time.Clock;

/**
 * Runs the coordination TCK on the reference broker and the in-memory store on the system clock,
 * proving the kit's real-time path (the one network brokers and stores take) on a known-good pair.
 */
class InMemoryCoordinationRealTimeTest extends CoordinationKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(Clock.systemUTC());
  }
}
