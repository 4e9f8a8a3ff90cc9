package dev.docket.store.jdbc;

import dev.docket.tck.CoordinationRules;
import dev.docket.tck.TckFixture;
import dev.docket.tck.TckSuite;
import dev.docket.tck.WorkflowRules;
import org.junit.jupiter.api.Nested;

/**
 * The store's kits on a real PostgreSQL: the state store rules (S), the coordination features on
 * it (C1–C5) and the workflow state it holds (W: tick claims, chord counters, results). The
 * broker rules run in the broker modules.
 */
class PostgresTckTest implements TckSuite {
  @Override
  public TckFixture fixture() {
    return new PostgresTckFixture();
  }

  @Nested
  class Coordination extends CoordinationRules {}

  @Nested
  class Workflows extends WorkflowRules {}
}
