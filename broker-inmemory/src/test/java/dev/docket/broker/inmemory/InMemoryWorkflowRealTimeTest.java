package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.WorkflowKit;
import java.time.Clock;

/**
 * The workflow contracts on the reference broker and store on the system clock: the real-time
 * path network brokers take (schedulers waking on real ticks, leases expiring in real time).
 */
class InMemoryWorkflowRealTimeTest extends WorkflowKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return InMemoryBroker.create(TimeSource.system());
  }

  @Override
  protected StateStore createStore(TckContext ctx) {
    return InMemoryStateStore.create(Clock.systemUTC());
  }
}
