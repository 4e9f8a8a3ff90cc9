package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.ForwardingBroker;
import java.util.List;

/**
 * Acknowledges every delivery as it is fetched, before its handler runs (at-most-once): a worker
 * process killed mid-run takes its running and prefetched jobs with it, since no lease is left
 * to expire. Models a broker module that consumes with auto-ack (RabbitMQ {@code autoAck=true},
 * a Redis {@code LPOP} with no processing list). The fault kit must fail F1 naming F0.1.
 * {@link AtMostOnceBroker} builds on it.
 */
class AcksBeforeRunningBroker extends ForwardingBroker {

  AcksBeforeRunningBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    List<Delivery> fetched = delegate().fetch(request);
    fetched.forEach(delegate()::ack);
    return fetched;
  }
}
