package dev.docket.broker.sqs.internal;

/**
 * Which job ids are live in a queue, for idempotent enqueue: SQS itself cannot answer. Claims
 * expire at a given instant so a lost release (a process died, SQS redrove the message) frees the
 * id eventually. Thread-safe.
 */
public interface LiveIdGuard extends AutoCloseable {

  /** Claims the id until {@code untilMillis}; false when it is live already. */
  boolean claim(String queue, String id, long nowMillis, long untilMillis);

  /** Marks the id live until {@code untilMillis}, claimed or not (a replay, a delayed retry). */
  void mark(String queue, String id, long nowMillis, long untilMillis);

  /** Frees the id: its message was acked or dead-lettered, or its publish failed. */
  void release(String queue, String id);

  /** Frees every id of a queue where the guard can (a purge). */
  void releaseQueue(String queue);

  @Override
  void close();
}
