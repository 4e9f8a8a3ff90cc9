package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import dev.docket.broker.rabbitmq.internal.RabbitBroker;
import dev.docket.spi.Broker;
import dev.docket.tck.DelayedDeliveryContract;
import dev.docket.tck.PriorityContract;
import dev.docket.tck.TckContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The contracts that differ by queue type, on classic queues: one queue with {@code
 * x-max-priority} 9, so all ten priority levels (R5.4) run, and the delay tiers feeding it.
 */
class ClassicQueueCompatibilityTest {
  private static final Map<String, RabbitTestSupport.Tracking> OPEN = new ConcurrentHashMap<>();

  static RabbitBrokerConfig config() {
    return RabbitTestSupport.config().queueType(QueueType.CLASSIC).build();
  }

  static Broker open(TckContext ctx) {
    RabbitTestSupport.Tracking b = new RabbitTestSupport.Tracking(RabbitBroker.open(config()));
    OPEN.put(ctx.namespace(), b);
    return b;
  }

  static void close(TckContext ctx) {
    RabbitTestSupport.Tracking b = OPEN.remove(ctx.namespace());
    if (b != null) {
      b.deleteQueues(config());
    }
  }

  @Nested
  @DisplayName("R5 on classic queues")
  class Priority extends PriorityContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return open(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      close(ctx);
    }
  }

  @Nested
  @DisplayName("R4 on classic queues")
  class Delayed extends DelayedDeliveryContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return open(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      close(ctx);
    }
  }
}
