package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.tck.ForwardingBroker;
import java.time.Duration;
import java.util.List;

/**
 * Ignores the lease a fetch asks for and leases every message for a fixed 30 seconds, while the
 * delivery still reports the requested deadline. A job that needs minutes is handed to a second
 * worker after 30 seconds although its worker asked for, and believes it holds, a longer lease.
 *
 * <p>Models an SQS module that omits {@code VisibilityTimeout} on {@code ReceiveMessage}, so the
 * queue's default applies, and computes the reported deadline from the request.
 */
final class FixedLeaseBroker extends ForwardingBroker {

  /** The lease the broker really applies. */
  static final Duration FIXED_LEASE = Duration.ofSeconds(30);

  FixedLeaseBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    FetchRequest fixed =
        new FetchRequest(request.queues(), request.maxMessages(), FIXED_LEASE, request.maxWait());
    return delegate().fetch(fixed).stream()
        .map(d -> reportingRequested(d, request.lease()))
        .toList();
  }

  private static Delivery reportingRequested(Delivery d, Duration requested) {
    return Deliveries.withTimes(d, d.enqueuedAt(),
        d.leaseExpiresAt().minus(FIXED_LEASE).plus(requested));
  }
}
