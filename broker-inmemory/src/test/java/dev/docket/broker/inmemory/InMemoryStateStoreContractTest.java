package dev.docket.broker.inmemory;

import dev.docket.spi.StateStore;
import dev.docket.tck.StateStoreContract;
import dev.docket.tck.TckContext;

/** Runs the state-store contract against the in-memory store on the TCK's manual clock. */
class InMemoryStateStoreContractTest extends StateStoreContract {
  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(ctx.clock());
  }

  @Override
  protected boolean storeFollowsClock() {
    return true;
  }
}
