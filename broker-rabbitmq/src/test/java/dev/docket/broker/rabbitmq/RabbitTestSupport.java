package dev.docket.broker.rabbitmq;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the test RabbitMQ and cleans up the queues a test used. */
final class RabbitTestSupport {
  private RabbitTestSupport() {}

  static URI uri() {
    return TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"));
  }

  static RabbitBrokerConfig.Builder config() {
    return RabbitBrokerConfig.builder().uri(uri());
  }

  /**
   * The PostgreSQL state store a RabbitMQ deployment without Redis would use, for the
   * coordination and workflow kits.
   */
  static PostgresStateStore postgres() {
    URI server = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return PostgresStateStore.connect(server + "?table=docket_state_rabbit_tck");
  }

  /** A broker that remembers every queue it touched, so cleanup can delete them. */
  static final class Tracking extends ForwardingBroker {
    final RabbitBroker rabbit;
    final Set<String> queues = ConcurrentHashMap.newKeySet();

    Tracking(RabbitBroker rabbit) {
      super(rabbit);
      this.rabbit = rabbit;
    }

    @Override
    public void declareQueue(String queue) {
      queues.add(queue);
      super.declareQueue(queue);
    }

    @Override
    public List<PublishOutcome> publish(String queue, List<Message> messages) {
      queues.add(queue);
      return super.publish(queue, messages);
    }

    @Override
    public dev.docket.QueueStats stats(String queue) {
      queues.add(queue); // should stats ever create it (R11.5 says no), cleanup deletes it
      return super.stats(queue);
    }

    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
      queues.addAll(request.queues());
      return super.fetch(request);
    }

    /** Deletes the queues with a fresh broker (this one may be closed). */
    void deleteQueues(RabbitBrokerConfig config) {
      if (queues.isEmpty()) {
        return;
      }
      try (RabbitBroker admin = RabbitBroker.create(config)) {
        queues.forEach(admin::deleteQueue);
      }
    }
  }

  /** Unwraps a tracking broker. */
  static RabbitBroker rabbit(Broker b) {
    return ((Tracking) b).rabbit;
  }
}
