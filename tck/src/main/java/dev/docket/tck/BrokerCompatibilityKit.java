package dev.docket.tck;

import dev.docket.spi.Broker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The whole TCK in one class. A broker module writes one subclass that creates its broker; every
 * contract then runs against it as a {@link Nested} group:
 *
 * <pre>{@code
 * class RedisBrokerCompatibilityTest extends BrokerCompatibilityKit {
 *   @Override
 *   protected Broker createBroker(TckContext ctx) {
 *     return RedisBroker.builder().uri(redisUri()).keyPrefix(ctx.namespace()).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Optional rules run when {@link Broker#capabilities()} declares the capability and are
 * reported as skipped, with the reason, when it does not. There is no other way to turn a test
 * off.
 *
 * @since 0.1
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class BrokerCompatibilityKit {

  /**
   * A fresh, open broker for one test; see {@link BrokerContract#createBroker}. The TCK closes
   * it after the test.
   */
  protected abstract Broker createBroker(TckContext ctx);

  /** Deletes what a namespace cannot isolate, after each test; the default does nothing. */
  protected void cleanup(TckContext ctx) {}

  /** R1: enqueue and receive, see {@link EnqueueReceiveContract}. */
  @Nested
  @Order(1)
  @DisplayName("R1 enqueue and receive")
  class EnqueueReceive extends EnqueueReceiveContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R1.9: a large fetch loses nothing, see {@link LargeFetchContract}. */
  @Nested
  @Order(13)
  @DisplayName("R1.9 large fetch")
  class LargeFetch extends LargeFetchContract {
    @Override
    protected int backlog() {
      return largeFetchBacklog();
    }

    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R2: acknowledge and redeliver, see {@link AckRedeliveryContract}. */
  @Nested
  @Order(2)
  @DisplayName("R2 acknowledge and redeliver")
  class AckRedelivery extends AckRedeliveryContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R3: leases and at-least-once, see {@link LeaseContract}. */
  @Nested
  @Order(3)
  @DisplayName("R3 leases and at-least-once")
  class Lease extends LeaseContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R4: delayed delivery, see {@link DelayedDeliveryContract}. */
  @Nested
  @Order(4)
  @DisplayName("R4 delayed delivery")
  class DelayedDelivery extends DelayedDeliveryContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R5: queue order and message priority, see {@link PriorityContract}. */
  @Nested
  @Order(5)
  @DisplayName("R5 queue order and message priority")
  class Priority extends PriorityContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R6: retries through the runtime, see {@link RetryContract}. */
  @Nested
  @Order(6)
  @DisplayName("R6 retries through the runtime")
  class Retry extends RetryContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R7: dead letters, see {@link DeadLetterContract}. */
  @Nested
  @Order(7)
  @DisplayName("R7 dead letters")
  class DeadLetter extends DeadLetterContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R8: idempotent enqueue, see {@link IdempotentEnqueueContract}. */
  @Nested
  @Order(8)
  @DisplayName("R8 idempotent enqueue")
  class IdempotentEnqueue extends IdempotentEnqueueContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R9: worker shutdown, see {@link ShutdownContract}. */
  @Nested
  @Order(9)
  @DisplayName("R9 worker shutdown")
  class Shutdown extends ShutdownContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R10: bad input, see {@link BadInputContract}. */
  @Nested
  @Order(10)
  @DisplayName("R10 bad input")
  class BadInput extends BadInputContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R11: queue statistics, see {@link StatsContract}. */
  @Nested
  @Order(11)
  @DisplayName("R11 queue statistics")
  class Stats extends StatsContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R12: concurrency, see {@link ConcurrencyContract}. */
  @Nested
  @Order(12)
  @DisplayName("R12 concurrency")
  class Concurrency extends ConcurrencyContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /** R13: crashes charged only to running jobs, see {@link CrashChargeContract}. */
  @Nested
  @Order(13)
  @DisplayName("R13 crash accounting through the runtime")
  class CrashCharge extends CrashChargeContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return BrokerCompatibilityKit.this.createBroker(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      BrokerCompatibilityKit.this.cleanup(ctx);
    }
  }

  /**
   * The backlog R1.9 builds and mostly fetches in large calls: {@link
   * LargeFetchContract#DEFAULT_BACKLOG}. Lower it only when the test server cannot serve that
   * many in the kit's time (an emulator, not the broker, is the limit), say why where you do, and
   * keep it above 1,000, so a fetch still exceeds every per-call limit.
   */
  protected int largeFetchBacklog() {
    return LargeFetchContract.DEFAULT_BACKLOG;
  }
}
