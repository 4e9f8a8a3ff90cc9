package dev.docket.broker.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.broker.rabbitmq.internal.RabbitCore;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A broker on RabbitMQ: publisher confirms, manual acks, quorum (or classic) queues, priorities
 * as bands of queues, delays as TTL tiers, dead-letter queues. Open one with {@link
 * #create(RabbitBrokerConfig)}; the provider does the same for {@code amqp://} URIs. The work
 * happens in the module's internal package; this class is its public face. Thread-safe.
 *
 * @since 0.1
 */
public final class RabbitBroker implements Broker {

  private static final QueueBrowser BROWSER = QueueBrowser.unsupported(
      "RabbitMQ over AMQP 0-9-1 cannot list queues (only the management plugin's HTTP API can)"
        + " and cannot show a message without receiving it, so it neither lists nor browses");
  private final RabbitCore core;

  private RabbitBroker(RabbitCore core) {
    this.core = core;
  }

  /**
   * Connects with {@code config}; when {@link RabbitBrokerConfig#idStore()} is set, opens that
   * state store (through its provider) for idempotent enqueue across processes. Fails with {@link
   * dev.docket.BrokerUnavailableException} when RabbitMQ cannot be reached or refuses the
   * credentials.
   */
  public static RabbitBroker create(RabbitBrokerConfig config) {
    return new RabbitBroker(RabbitCore.open(Objects.requireNonNull(config, "config")));
  }

  /**
   * Like {@link #create(RabbitBrokerConfig)}, letting {@code customizer} adjust the client's
   * connection factory (TLS context, socket factory, timeouts) before it connects.
   */
  public static RabbitBroker create(RabbitBrokerConfig config,
      Consumer<ConnectionFactory> customizer) {
    return new RabbitBroker(RabbitCore.open(Objects.requireNonNull(config, "config"),
        customizer));
  }

  /**
   * Like {@link #create(RabbitBrokerConfig)}, keeping live job ids in {@code idStore}, shared with
   * every process that publishes to the same queues; the caller keeps ownership of the store.
   */
  public static RabbitBroker create(RabbitBrokerConfig config, StateStore idStore) {
    return new RabbitBroker(RabbitCore.open(Objects.requireNonNull(config, "config"), idStore));
  }

  @Override
  public Capabilities capabilities() {
    return core.capabilities();
  }

  @Override
  public void declareQueue(String queue) {
    core.declareQueue(queue);
  }

  /**
   * Deletes every AMQP queue of {@code queue} (work bands, DLQ, delay tiers). For tests and
   * tools; jobs in them are gone.
   */
  public void deleteQueue(String queue) {
    core.deleteQueue(Objects.requireNonNull(queue, "queue"));
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return core.publish(queue, messages);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return core.fetch(request);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return core.ack(delivery);
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return core.release(delivery, delay);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return core.extendLease(delivery, lease);
  }

  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    return core.extendLeases(deliveries, lease);
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return core.deadLetter(delivery, failure);
  }

  @Override
  public QueueStats stats(String queue) {
    return core.stats(queue);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return core.deadLetters();
  }

  /**
   * Neither lists nor browses ({@link Capabilities#listQueues()} and {@link
   * Capabilities#browse()} are false): every call throws {@link UnsupportedOperationException}
   * with the reason, which tools show instead of a listing.
   */
  @Override
  public QueueBrowser browser() {
    return BROWSER;
  }

  @Override
  public long purge(String queue) {
    return core.purge(queue);
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return core.toString();
  }
}
