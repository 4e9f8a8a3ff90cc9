package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.util.List;

/**
 * Never hands a message out a second time: deliveries whose {@code deliveryCount} is above one are
 * hidden from the caller, so a job whose worker died, or that was released for a retry, is stuck
 * forever.
 *
 * <p>Models a broker module whose reclaim step is missing or broken, such as a Redis Streams
 * module that never runs {@code XAUTOCLAIM} on the pending entries list, or a Redis list module
 * whose processing-list reaper never runs. Nothing is deleted, yet nothing comes back.
 */
final class NeverRedeliversBroker extends ForwardingBroker {

  NeverRedeliversBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return delegate().fetch(request).stream().filter(d -> d.deliveryCount() <= 1).toList();
  }
}
