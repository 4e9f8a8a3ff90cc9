package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.util.List;

/**
 * Ignores the queue order of a multi-queue fetch: it drains the queues last to first, so a worker
 * configured with {@code high, default, low} serves {@code low} before {@code high}.
 *
 * <p>Models a Redis module that builds the {@code BLMPOP}/{@code BRPOP} key list from a hash set
 * of queue names, or an AMQP module that gives every queue its own consumer and takes whatever
 * arrives first, which turns strict order into an arbitrary one.
 */
final class IgnoresQueueOrderBroker extends ForwardingBroker {

  IgnoresQueueOrderBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    List<String> reversed = request.queues().reversed();
    return delegate().fetch(
        new FetchRequest(reversed, request.maxMessages(), request.lease(), request.maxWait()));
  }
}
