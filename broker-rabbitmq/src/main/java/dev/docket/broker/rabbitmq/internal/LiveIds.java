package dev.docket.broker.rabbitmq.internal;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * The job ids published and not yet settled, per queue, for idempotent enqueue: RabbitMQ has no
 * deduplication. {@link IdRegistry} keeps them in this process; {@link StoreIds} in a shared
 * state store, so every process using it agrees. Thread-safe.
 */
interface LiveIds extends AutoCloseable {

  /** Records {@code id} until {@code expires}; false when it is live already. */
  boolean add(String queue, String id, Instant expires, Instant now);

  /** Whether {@code id} is live in {@code queue}. */
  boolean contains(String queue, String id, Instant now);

  /** Keeps a live id live at least until {@code expires} (a lease, a delayed retry). */
  void extend(String queue, String id, Instant expires);

  /** Frees {@code id}: acked, dead-lettered, or its publish failed. */
  void remove(String queue, String id);

  /** Frees every id of {@code queue} except those {@code keep} accepts, where it can (purge). */
  void removeAll(String queue, Predicate<String> keep);

  @Override
  void close();
}
