package dev.docket.tck;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The coordination rules as {@link Nested} groups: the state store rules (S, see {@link
 * StoreRules}) first, then the features built on a broker and a store together (C1 states and
 * results, C2 idempotency, C3 singleton locks, C4 global concurrency, C5 rate limits, C6 worker
 * heartbeats). Broker and
 * store come from the fixture of the enclosing {@link TckSuite}; run them through {@link
 * CoordinationKit} or {@link DocketTck}.
 *
 * @since 0.3
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class CoordinationRules {

  /** S: the state store on its own, see {@link StoreRules}. */
  @Nested
  @Order(1)
  @DisplayName("S state store semantics, TTLs and atomicity")
  class Store extends StoreRules {}

  /** C1: job states and results, see {@link JobStateContract}. */
  @Nested
  @Order(2)
  @DisplayName("C1 job states and results")
  class JobStates extends JobStateContract {}

  /** C2: idempotent handlers, see {@link IdempotencyContract}. */
  @Nested
  @Order(3)
  @DisplayName("C2 idempotent handlers")
  class Idempotency extends IdempotencyContract {}

  /** C3: singleton locks, see {@link SingletonLockContract}. */
  @Nested
  @Order(4)
  @DisplayName("C3 singleton locks")
  class SingletonLocks extends SingletonLockContract {}

  /** C4: global concurrency, see {@link GlobalConcurrencyContract}. */
  @Nested
  @Order(5)
  @DisplayName("C4 global concurrency")
  class GlobalConcurrency extends GlobalConcurrencyContract {}

  /** C5: rate limits, see {@link RateLimitContract}. */
  @Nested
  @Order(6)
  @DisplayName("C5 rate limits")
  class RateLimits extends RateLimitContract {}

  /** C6: worker heartbeats, see {@link WorkerHeartbeatContract}. */
  @Nested
  @Order(7)
  @DisplayName("C6 worker heartbeats")
  class WorkerHeartbeats extends WorkerHeartbeatContract {}
}
