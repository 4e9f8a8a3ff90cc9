package dev.docket.tck;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The whole TCK on one fixture: the broker rules (R), the state store rules (S), the coordination
 * rules (C) and the workflow rules (W). A module writes one {@link TckFixture} and one test class:
 *
 * <pre>{@code
 * class RedisTckTest extends DocketTck {
 *   @Override
 *   public TckFixture fixture() {
 *     return new RedisTckFixture();
 *   }
 * }
 * }</pre>
 *
 * <p>Every group is a {@link Nested} class with no code of its own: each contract reads the
 * fixture from the outermost test instance (see {@link TckSuite}). Optional rules run when the
 * broker's capabilities declare them and are reported as skipped, with the reason, when they do
 * not; a fixture without a store has the S rules skipped and runs C and W on the TCK's store.
 *
 * @since 0.3
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class DocketTck implements TckSuite {

  /** R: the broker rules, see {@link BrokerRules}. */
  @Nested
  @Order(1)
  @DisplayName("R broker")
  class Broker extends BrokerRules {}

  /** S and C: the state store and coordination rules, see {@link CoordinationRules}. */
  @Nested
  @Order(2)
  @DisplayName("S and C state store and coordination")
  class Coordination extends CoordinationRules {}

  /** W: the workflow rules, see {@link WorkflowRules}. */
  @Nested
  @Order(3)
  @DisplayName("W workflows")
  class Workflows extends WorkflowRules {}
}
