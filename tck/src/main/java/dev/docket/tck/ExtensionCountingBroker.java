package dev.docket.tck;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker that forwards to the fixture's and counts the lease extensions it granted, for the
 * rules that watch a worker's lease keeper. Closing it leaves the delegate open: the fixture owns
 * that broker. Thread-safe when the delegate is.
 */
final class ExtensionCountingBroker extends ForwardingBroker {
  private final AtomicInteger granted = new AtomicInteger();

  ExtensionCountingBroker(Broker delegate) {
    super(delegate);
  }

  /** How many lease extensions the delegate granted so far. */
  int granted() {
    return granted.get();
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    boolean ok = super.extendLease(delivery, lease);
    if (ok) {
      granted.incrementAndGet();
    }
    return ok;
  }

  @Override
  public void close() {}
}
