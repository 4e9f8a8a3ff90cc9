package dev.docket.tck;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The state store rules (S1–S3) as {@link Nested} groups, on the {@link TckFixture#store store}
 * of the enclosing {@link TckSuite}'s fixture. Run them through {@link StateStoreKit}, {@link
 * CoordinationKit} or {@link DocketTck}.
 *
 * @since 0.3
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class StoreRules {

  /** S1: the semantics of each method, see {@link StoreSemanticsContract}. */
  @Nested
  @Order(1)
  @DisplayName("S1 state store semantics")
  class Semantics extends StoreSemanticsContract {}

  /** S2: TTLs, see {@link StoreTtlContract}. */
  @Nested
  @Order(2)
  @DisplayName("S2 state store TTLs")
  class Ttls extends StoreTtlContract {}

  /** S3: atomicity under concurrency, see {@link StoreAtomicityContract}. */
  @Nested
  @Order(3)
  @DisplayName("S3 state store atomicity")
  class Atomicity extends StoreAtomicityContract {}
}
