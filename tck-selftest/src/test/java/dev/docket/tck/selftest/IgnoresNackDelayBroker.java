package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;
import java.time.Duration;

/**
 * Ignores the delay of a release: a nacked message is due again at once, whatever backoff the
 * retry policy asked for.
 *
 * <p>Models an AMQP module that implements nack with {@code basic.nack(requeue=true)}, which has
 * no delay, or an SQS module that calls {@code ChangeMessageVisibility} with 0. A failing job then
 * retries in a hot loop and exhausts its retries in milliseconds against a downstream outage.
 */
final class IgnoresNackDelayBroker extends ForwardingBroker {

  IgnoresNackDelayBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return delegate().release(delivery, Duration.ZERO);
  }
}
