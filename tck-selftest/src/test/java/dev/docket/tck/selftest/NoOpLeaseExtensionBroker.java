package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;
import java.time.Duration;

/**
 * Pretends to extend leases: {@code extendLease} returns true and changes nothing, so a long job
 * is handed to a second worker while the first still heartbeats.
 *
 * <p>Models a lease keeper whose command never reaches the backend, such as an SQS module that
 * extends with the receipt handle of an earlier receive, or a Redis module that updates the lease
 * deadline in a key the reaper does not read.
 */
final class NoOpLeaseExtensionBroker extends ForwardingBroker {

  NoOpLeaseExtensionBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return true;
  }
}
