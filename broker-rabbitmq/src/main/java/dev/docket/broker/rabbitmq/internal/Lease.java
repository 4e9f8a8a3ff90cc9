package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;

/**
 * A delivery held unacknowledged on its source's channel. The deadline moves with {@code
 * extendLease}; everything else is fixed.
 */
final class Lease {
  final String token;
  final Stored message;
  final Source.Handle handle;
  final long deliveryTag;
  volatile Instant deadline;
  /** The keeper's pending check, cancelled when the lease is settled. */
  volatile java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledFuture<?> timer;

  Lease(String token, Stored message, Source.Handle handle,
      long deliveryTag, Instant deadline) {
    this.token = token;
    this.message = message;
    this.handle = handle;
    this.deliveryTag = deliveryTag;
    this.deadline = deadline;
  }
}
