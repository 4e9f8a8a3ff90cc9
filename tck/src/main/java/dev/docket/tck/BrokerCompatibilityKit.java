package dev.docket.tck;

import dev.docket.spi.Broker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

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

  /** R2: acknowledge and redeliver, see {@link AckRedeliveryContract}. */
  @Nested
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
}
