package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;

/** The workflow contracts on the reference broker and store, on the TCK's manual clock. */
class InMemoryWorkflowTest extends WorkflowKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(ctx.clock());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(ctx.clock());
  }
}
