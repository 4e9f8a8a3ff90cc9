package dev.docket.broker.redis.internal;

import dev.docket.BrokerUnavailableException;
import java.time.Duration;

/**
 * Makes a write wait for replicas ({@code WAIT}) before it counts as done. Redis replicates
 * asynchronously: a write a master acknowledged and then died with is lost when a replica that
 * had not received it is promoted. After an enqueue script this sends {@code WAIT n timeout} on
 * the connection that carried the script, to the master that ran it, and throws a retryable
 * {@link BrokerUnavailableException} when fewer than {@code n} replicas hold the write. The
 * jobs may then exist or not; enqueuing them again with the same ids is safe (a live id is
 * answered DUPLICATE). Disabled (no command sent) when {@code n} is 0. Thread-safe.
 *
 * <p>Only enqueue waits: an ack, release or dead letter lost on failover leaves the job leased,
 * and its lease ends and it runs again (at-least-once), so nothing is lost, at the cost of a
 * round trip per batch.
 *
 * @param link the connection writes go through
 * @param replicas replicas that must acknowledge (0: never wait)
 * @param timeout how long {@code WAIT} may block
 * @param where the redacted URI, for messages
 */
public record ReplicaWait(RedisLink link, int replicas, Duration timeout, String where) {
  /** Whether writes wait at all. */
  public boolean enabled() {
    return replicas > 0;
  }

  /**
   * Waits for the writes just made to {@code key}'s slot; throws when fewer replicas than
   * required acknowledged within the timeout. {@code what} names the write, for the message.
   */
  public void await(String key, String what) {
    if (replicas == 0) {
      return;
    }
    long acked;
    try {
      acked = link.waitForReplicas(key, replicas, Math.max(1, timeout.toMillis()));
    } catch (RuntimeException e) {
      throw new BrokerUnavailableException(what + " was sent to Redis at " + where + ", but"
          + " waiting for " + replicas + " replica(s) to acknowledge it failed, so it may be"
          + " lost on a failover; send it again with the same job ids (option waitForReplicas): "
          + e.getMessage(), e);
    }
    if (acked < replicas) {
      throw new BrokerUnavailableException(what + " was stored by the Redis master at " + where
          + ", but only " + acked + " of " + replicas + " replica(s) acknowledged it within "
          + timeout + ", so a failover may lose it; send it again with the same job ids, which"
          + " answers DUPLICATE for jobs still waiting or running (a job that already completed"
          + " runs again, so keep the handler idempotent; options waitForReplicas,"
          + " waitForReplicasTimeout)");
    }
  }
}
