package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import org.jspecify.annotations.Nullable;

/**
 * The RabbitMQ broker for the TCK on the local RabbitMQ, with the PostgreSQL state store a
 * RabbitMQ deployment without Redis would use. Every queue a test touches starts with its
 * namespace and is deleted afterwards (through a fresh broker: the test's may be closed), with
 * the store keys it wrote. Quorum queues with three priority bands by default; {@link
 * #classic()} uses classic queues with {@code x-max-priority} 9 (all ten priority levels).
 */
final class RabbitTckFixture implements TckFixture {

  private final @Nullable QueueType queueType;
  private RabbitTestSupport.@Nullable Tracking opened;
  private boolean storeOpened;

  private RabbitTckFixture(@Nullable QueueType queueType) {
    this.queueType = queueType;
  }

  /** The default configuration: quorum queues. */
  static RabbitTckFixture quorum() {
    return new RabbitTckFixture(null);
  }

  /** Classic queues. */
  static RabbitTckFixture classic() {
    return new RabbitTckFixture(QueueType.CLASSIC);
  }

  private RabbitBrokerConfig config() {
    RabbitBrokerConfig.Builder b = RabbitTestSupport.config();
    if (queueType != null) {
      b.queueType(queueType);
    }
    return b.build();
  }

  @Override
  public Broker broker(TckContext ctx) {
    opened = new RabbitTestSupport.Tracking(RabbitBroker.create(config()));
    return opened;
  }

  @Override
  public StateStore store(TckContext ctx) {
    storeOpened = true;
    return RabbitTestSupport.postgres();
  }

  @Override
  public void cleanup(TckContext ctx) {
    if (opened != null) {
      opened.deleteQueues(config());
    }
    if (storeOpened) {
      try (PostgresStateStore store = RabbitTestSupport.postgres()) {
        store.deleteByPrefix(ctx.namespace());
      }
    }
  }
}
