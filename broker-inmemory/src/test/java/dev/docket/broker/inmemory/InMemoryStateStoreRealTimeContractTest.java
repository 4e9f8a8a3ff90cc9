package dev.docket.broker.inmemory;

import dev.docket.spi.StateStore;
import dev.docket.tck.StateStoreContract;
import dev.docket.tck.TckContext;
import java.time.Clock;

/**
 * Runs the state-store contract against the in-memory store on the system clock, proving the
 * contract's real-time path (the one network stores take) on a store known to be correct.
 */
class InMemoryStateStoreRealTimeContractTest extends StateStoreContract {
  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(Clock.systemUTC());
  }
}
