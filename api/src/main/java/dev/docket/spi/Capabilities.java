package dev.docket.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a broker does natively or emulates, as declared by its module. The TCK reads these to say
 * which optional rules a broker claims; a rule a broker does not claim is reported as skipped with
 * the reason, never passed silently.
 *
 * @param messagePriority whether higher-priority messages of one queue are delivered first
 * @param priorityLevels how many distinct priority levels are kept apart (1 if none)
 * @param fifo whether messages of equal priority are delivered in publish order (best effort
 *     across a single consumer)
 * @param maxMessageBytes the largest body accepted; larger is refused before sending
 * @param maxDelay the longest delay supported (emulated or native)
 * @param delayTolerance how late after its due time a message may arrive on an idle broker
 * @param exactStats whether {@link Broker#stats} counts are exact rather than approximate
 * @param controllableClock whether the broker reads all its time from a {@link TimeSource} that
 *     is {@link TimeSource#controllable()} ({@link BrokerConfig#time()}), so tests can move time by
 *     hand instead of waiting; a broker sets it from the source, never from the source's type
 * @param minLease the shortest lease the broker honours (lease granularity)
 * @since 0.1
 */
public record Capabilities(
    boolean messagePriority,
    int priorityLevels,
    boolean fifo,
    long maxMessageBytes,
    Duration maxDelay,
    Duration delayTolerance,
    boolean exactStats,
    boolean controllableClock,
    Duration minLease) {

  /** Validates. */
  public Capabilities {
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(delayTolerance, "delayTolerance");
    Objects.requireNonNull(minLease, "minLease");
    if (priorityLevels < 1) {
      throw new IllegalArgumentException("priorityLevels must be at least 1");
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
  }
}
