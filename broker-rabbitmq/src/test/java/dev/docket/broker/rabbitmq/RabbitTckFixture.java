package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import dev.docket.broker.rabbitmq.internal.Topology;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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

  /**
   * Asks RabbitMQ on a connection of its own: a passive declare of every AMQP queue the Docket
   * queue owns (work bands, dead letters, delay tiers); each miss closes its channel with a
   * 404, so one channel per name.
   */
  @Override
  public Optional<Boolean> queueExists(TckContext ctx, String queue) {
    List<String> names = Topology.allQueues(queue, config());
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(RabbitTestSupport.uri());
      try (Connection c = factory.newConnection("docket-tck-queue-exists")) {
        for (String name : names) {
          Channel ch = c.createChannel();
          try {
            ch.queueDeclarePassive(name);
            ch.close();
            return Optional.of(true);
          } catch (IOException notFound) {
            // 404: this one does not exist; the server closed the channel.
          }
        }
      }
      return Optional.of(false);
    } catch (Exception e) {
      throw new IllegalStateException("could not ask RabbitMQ whether " + queue + " exists", e);
    }
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
