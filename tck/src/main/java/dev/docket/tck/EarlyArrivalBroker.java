package dev.docket.tck;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker that publishes delayed jobs as due now, as a coarse broker asked for an early arrival
 * delivers them, and counts lease extensions. Tests of the worker's hold (a job that arrives
 * before its eta waits in the worker under a lease its keeper extends) use it on any broker.
 * Thread-safe when the delegate is.
 *
 * @since 0.3
 */
public class EarlyArrivalBroker extends ForwardingBroker {
  private final AtomicInteger extensions = new AtomicInteger();

  /** Forwards to {@code delegate}, without the etas. */
  public EarlyArrivalBroker(Broker delegate) {
    super(delegate);
  }

  /** How many lease extensions were asked for so far. */
  public int extensions() {
    return extensions.get();
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return super.publish(queue, messages.stream()
        .map(m -> new Message(m.id(), m.body(), m.headers(), m.priority(), null)).toList());
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    extensions.incrementAndGet();
    return super.extendLease(delivery, lease);
  }
}
