package dev.docket.tck.selftest;

import dev.docket.spi.Delivery;
import java.time.Instant;

/** Altered copies of deliveries, for the broken brokers that misreport what they deliver. */
final class Deliveries {

  private Deliveries() {}

  /**
   * {@code d} with another id, priority, enqueue time and lease deadline; its queue, body,
   * headers, delivery count and lease token are kept, so the broker underneath still knows it.
   */
  static Delivery copy(Delivery d, String id, int priority, Instant enqueuedAt,
      Instant leaseExpiresAt) {
    return new Delivery(d.queue(), id, d.body(), d.headers(), priority, d.deliveryCount(),
        enqueuedAt, d.leaseToken(), leaseExpiresAt);
  }

  /** {@code d} with another enqueue time and lease deadline, every other component kept. */
  static Delivery withTimes(Delivery d, Instant enqueuedAt, Instant leaseExpiresAt) {
    return copy(d, d.id(), d.priority(), enqueuedAt, leaseExpiresAt);
  }
}
