package dev.docket.tck.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.tck.CoordinationKit;
import dev.docket.tck.TckFixture;
import dev.docket.tck.WorkflowKit;
import org.junit.jupiter.api.Test;

/**
 * A fixture with a broker and no store, as a new broker module without a store of its own
 * writes it: the coordination and workflow rules must run (on the TCK's in-process store) and
 * pass, and the state store rules must be skipped naming why, not passed.
 */
class StorelessFixtureTest {

  /** The reference broker on the test's clock; no store. */
  static TckFixture brokerOnly() {
    return ctx -> InMemoryBroker.create(ctx.clock());
  }

  /** The coordination kit (S, C1–C5) over {@link #brokerOnly()}. */
  static class Coordination extends CoordinationKit {
    @Override
    public TckFixture fixture() {
      return brokerOnly();
    }
  }

  /** The workflow kit (W1–W3) over {@link #brokerOnly()}. */
  static class Workflows extends WorkflowKit {
    @Override
    public TckFixture fixture() {
      return brokerOnly();
    }
  }

  @Test
  void coordinationRules_runOnTheTckStore_andStoreRulesAreSkippedNamingWhy() {
    KitRun run = KitRun.of("coordination kit without a store", selectClass(Coordination.class));
    run.requireNoFailure();
    run.requireTestSkip("S1.1", "no state store of its own");
    run.requireTestSkip("S3.1", "no state store of its own");
    for (String rule : new String[] {"C1.1", "C2.1", "C3.1", "C4.1", "C5.1"}) {
      run.requireTestPass(rule);
    }
  }

  @Test
  void workflowRules_runOnTheTckStore() {
    KitRun.of("workflow kit without a store", selectClass(Workflows.class)).requireAllPass();
  }
}
