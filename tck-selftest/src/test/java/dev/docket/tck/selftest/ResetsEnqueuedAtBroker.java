package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.ForwardingBroker;
import java.util.List;

/**
 * Reports the time of the latest redelivery as {@code enqueuedAt} instead of the first publish.
 * Job age, queue-latency metrics and "stuck job" alerts then restart at every retry.
 *
 * <p>Models a module that implements release-with-delay by publishing a fresh copy of the message
 * (RabbitMQ delay tiers, SQS re-delay hops) and lets the backend stamp the copy, instead of
 * carrying the original timestamp in a header.
 */
final class ResetsEnqueuedAtBroker extends ForwardingBroker {

  ResetsEnqueuedAtBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return delegate().fetch(request).stream()
        .map(d -> d.deliveryCount() <= 1 ? d
            // The fetch instant: the lease deadline minus the requested lease.
            : Deliveries.withTimes(d, d.leaseExpiresAt().minus(request.lease()),
                d.leaseExpiresAt()))
        .toList();
  }
}
