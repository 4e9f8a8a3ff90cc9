package dev.docket.tck;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The broker rules (R1–R15, {@code CONTRACT.md}) as {@link Nested} groups, one per contract.
 * Every group reads the broker from the {@link TckFixture} of the enclosing {@link TckSuite}, so
 * none of them has code of its own. Run them through {@link BrokerCompatibilityKit} or {@link
 * DocketTck}, or nest this class in a suite of your own ({@code @Nested class Broker extends
 * BrokerRules {}}).
 *
 * <p>Optional rules run when {@link dev.docket.spi.Broker#capabilities()} declares the
 * capability and are reported as skipped, with the reason, when it does not. There is no other
 * way to turn a test off.
 *
 * @since 0.3
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class BrokerRules {

  /** R1: enqueue and receive, see {@link EnqueueReceiveContract}. */
  @Nested
  @Order(1)
  @DisplayName("R1 enqueue and receive")
  class EnqueueReceive extends EnqueueReceiveContract {}

  /** R2: acknowledge and redeliver, see {@link AckRedeliveryContract}. */
  @Nested
  @Order(2)
  @DisplayName("R2 acknowledge and redeliver")
  class AckRedelivery extends AckRedeliveryContract {}

  /** R3: leases and at-least-once, see {@link LeaseContract}. */
  @Nested
  @Order(3)
  @DisplayName("R3 leases and at-least-once")
  class Lease extends LeaseContract {}

  /** R4: delayed delivery, see {@link DelayedDeliveryContract}. */
  @Nested
  @Order(4)
  @DisplayName("R4 delayed delivery")
  class DelayedDelivery extends DelayedDeliveryContract {}

  /** R5: queue order and message priority, see {@link PriorityContract}. */
  @Nested
  @Order(5)
  @DisplayName("R5 queue order and message priority")
  class Priority extends PriorityContract {}

  /** R6: retries through the runtime, see {@link RetryContract}. */
  @Nested
  @Order(6)
  @DisplayName("R6 retries through the runtime")
  class Retry extends RetryContract {}

  /** R7: dead letters, see {@link DeadLetterContract}. */
  @Nested
  @Order(7)
  @DisplayName("R7 dead letters")
  class DeadLetter extends DeadLetterContract {}

  /** R8: idempotent enqueue, see {@link IdempotentEnqueueContract}. */
  @Nested
  @Order(8)
  @DisplayName("R8 idempotent enqueue")
  class IdempotentEnqueue extends IdempotentEnqueueContract {}

  /** R9: worker shutdown, see {@link ShutdownContract}. */
  @Nested
  @Order(9)
  @DisplayName("R9 worker shutdown")
  class Shutdown extends ShutdownContract {}

  /** R10: bad input, see {@link BadInputContract}. */
  @Nested
  @Order(10)
  @DisplayName("R10 bad input")
  class BadInput extends BadInputContract {}

  /** R11: queue statistics, see {@link StatsContract}. */
  @Nested
  @Order(11)
  @DisplayName("R11 queue statistics")
  class Stats extends StatsContract {}

  /** R12: concurrency, see {@link ConcurrencyContract}. */
  @Nested
  @Order(12)
  @DisplayName("R12 concurrency")
  class Concurrency extends ConcurrencyContract {}

  /** R13: crashes charged only to running jobs, see {@link CrashChargeContract}. */
  @Nested
  @Order(13)
  @DisplayName("R13 crash accounting through the runtime")
  class CrashCharge extends CrashChargeContract {}

  /** R14: queue listing and browsing for operator tools, see {@link BrowseContract}. */
  @Nested
  @Order(14)
  @DisplayName("R14 queue listing and browsing")
  class Browse extends BrowseContract {}

  /** R15: reading, deleting and restoring for migrations, see {@link MigrationContract}. */
  @Nested
  @Order(15)
  @DisplayName("R15 moving jobs between brokers")
  class Migration extends MigrationContract {}

  /**
   * R1.9: a large fetch loses nothing, see {@link LargeFetchContract}; last, as the slowest. Its
   * backlog is {@link TckFixture#largeFetchBacklog()}.
   */
  @Nested
  @Order(16)
  @DisplayName("R1.9 large fetch")
  class LargeFetch extends LargeFetchContract {}
}
