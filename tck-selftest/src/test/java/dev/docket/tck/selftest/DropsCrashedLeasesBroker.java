package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.ForwardingBroker;
import java.util.ArrayList;
import java.util.List;

/**
 * Never re-delivers after a crash: a delivery whose lease expired (deliveryCount above one) is
 * acknowledged silently instead of being handed out, so the jobs a killed worker held vanish.
 * Models a broker module whose lease reaper deletes expired entries instead of moving them back
 * to the queue. Unlike the in-JVM {@link NeverRedeliversBroker}, nothing stays in flight, so the
 * queue's stats drain and only the run records show the loss. The fault kit must fail F1
 * naming F0.1.
 */
final class DropsCrashedLeasesBroker extends ForwardingBroker {

  DropsCrashedLeasesBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    List<Delivery> handedOut = new ArrayList<>();
    for (Delivery d : delegate().fetch(request)) {
      if (d.deliveryCount() > 1) {
        delegate().ack(d);
      } else {
        handedOut.add(d);
      }
    }
    return handedOut;
  }
}
