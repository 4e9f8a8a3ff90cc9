package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.util.List;

/**
 * Delivers delayed messages at once: it drops {@link Message#notBefore()} on publish.
 *
 * <p>Models a broker module that maps the delay onto a backend feature that is not there, such as
 * a RabbitMQ module that sets a per-message TTL without a dead-letter exchange to park the message
 * in, or an SQS module that forgets {@code DelaySeconds} on batch sends. Retries with backoff then
 * spin instantly and an eta of "tomorrow" runs today.
 */
final class EarlyDelayedDeliveryBroker extends ForwardingBroker {

  EarlyDelayedDeliveryBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return delegate().publish(queue, messages.stream().map(m -> m.withNotBefore(null)).toList());
  }
}
