package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;

/**
 * A delivery held unacknowledged on a lease channel. The deadline moves with {@code
 * extendLease}; everything else is fixed.
 */
final class Lease {
  final String token;
  final Stored message;
  final String amqpQueue;
  final LeaseChannels.Handle handle;
  final long deliveryTag;
  volatile Instant deadline;

  Lease(String token, Stored message, String amqpQueue, LeaseChannels.Handle handle,
      long deliveryTag, Instant deadline) {
    this.token = token;
    this.message = message;
    this.amqpQueue = amqpQueue;
    this.handle = handle;
    this.deliveryTag = deliveryTag;
    this.deadline = deadline;
  }
}
