package dev.docket.spi;

import dev.docket.spi.support.Require;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Arguments of {@link Broker#fetch}.
 *
 * @param queues queues in the order to drain them: a broker returns messages of an earlier queue
 *     before any message of a later one whenever both are ready (strict queue order)
 * @param maxMessages at most this many deliveries, at least one
 * @param lease how long each delivery stays leased before the broker may hand it out again
 * @param maxWait how long to block when nothing is ready; {@link Duration#ZERO} returns at once
 * @since 0.1
 */
public record FetchRequest(List<String> queues, int maxMessages, Duration lease, Duration maxWait) {

  /** Validates and copies. */
  public FetchRequest {
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("queues must name at least one queue");
    }
    Require.atLeast("maxMessages", maxMessages, 1);
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(maxWait, "maxWait");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
    }
  }

  /** One queue. */
  public static FetchRequest of(String queue, int maxMessages, Duration lease, Duration maxWait) {
    return new FetchRequest(List.of(queue), maxMessages, lease, maxWait);
  }
}
