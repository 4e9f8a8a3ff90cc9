package dev.docket.broker.rabbitmq;

import dev.docket.tck.DelayedDeliveryContract;
import dev.docket.tck.PriorityContract;
import dev.docket.tck.TckFixture;
import dev.docket.tck.TckSuite;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The contracts that differ by queue type, on classic queues: one queue with {@code
 * x-max-priority} 9, so all ten priority levels (R5.4) run, and the delay tiers feeding it.
 */
class RabbitClassicTckTest implements TckSuite {
  @Override
  public TckFixture fixture() {
    return RabbitTckFixture.classic();
  }

  @Nested
  @DisplayName("R5 on classic queues")
  class Priority extends PriorityContract {}

  @Nested
  @DisplayName("R4 on classic queues")
  class Delayed extends DelayedDeliveryContract {}
}
