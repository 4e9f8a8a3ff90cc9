package dev.docket.tck.selftest;

import dev.docket.JobFailure;
import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ForwardingBroker} that shows callers a rewritten view of each delivery (another id,
 * another priority) and hands the broker underneath its own delivery back on ack, release, extend
 * and dead-letter. Without the translation the broker underneath could refuse the rewritten
 * delivery, and the self-test would catch that accident instead of the modelled bug.
 */
abstract class RewritingBroker extends ForwardingBroker {

  /** The delivery the broker underneath handed out, by lease token, while the lease is held. */
  private final Map<String, Delivery> underlyingByToken = new ConcurrentHashMap<>();

  RewritingBroker(Broker delegate) {
    super(delegate);
  }

  /** What the caller sees instead of {@code underlying}; must keep the lease token. */
  abstract Delivery rewrite(Delivery underlying);

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return delegate().fetch(request).stream()
        .map(
            d -> {
              underlyingByToken.put(d.leaseToken(), d);
              return rewrite(d);
            })
        .toList();
  }

  @Override
  public boolean ack(Delivery delivery) {
    return delegate().ack(underlying(delivery, true));
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return delegate().release(underlying(delivery, true), delay);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return delegate().extendLease(underlying(delivery, false), lease);
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return delegate().deadLetter(underlying(delivery, true), failure);
  }

  private Delivery underlying(Delivery seen, boolean endsLease) {
    // An unknown token is passed on as is, so the broker underneath refuses it as it should.
    Delivery found =
        endsLease
            ? underlyingByToken.remove(seen.leaseToken())
            : underlyingByToken.get(seen.leaseToken());
    return found != null ? found : seen;
  }

  /** {@code d} with another id and priority, every other component kept. */
  static Delivery with(Delivery d, String id, int priority) {
    return Deliveries.copy(d, id, priority, d.enqueuedAt(), d.leaseExpiresAt());
  }
}
