package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;

/**
 * Redelivers acknowledged jobs: {@code ack} reports success but removes nothing, so the message
 * comes back once its lease runs out and the job runs again.
 *
 * <p>Models a lost acknowledgement: an AMQP module that acks on a channel other than the one that
 * received the message (RabbitMQ ignores or rejects it), an SQS module that deletes with a stale
 * receipt handle, or a Redis module whose ack script looks up the wrong key and returns OK anyway.
 */
final class RedeliversAckedBroker extends ForwardingBroker {

  RedeliversAckedBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return true;
  }
}
