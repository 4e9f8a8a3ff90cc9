package dev.docket.spi;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link BrokerProvider#create} gets: the broker URI, extra options, and the clock every
 * time-based decision must use.
 *
 * @param uri the broker URI, possibly with credentials: never log it, use {@link #redactedUri()}
 * @param options options from the URI query string and from configuration, by key
 * @param clock wall time for delays, leases and timestamps; {@link #time()} is the same time as
 *     a {@link TimeSource}, which also says whether it is controllable
 * @since 0.1
 */
public record BrokerConfig(URI uri, Map<String, String> options, Clock clock) {

  /** Validates and copies. */
  public BrokerConfig {
    Objects.requireNonNull(uri, "uri");
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * The time source behind {@link #clock()}: what a broker waits and measures on, and whose
   * {@link TimeSource#controllable()} it declares as {@link Capabilities#controllableClock()}
   * when it reads all its time from it.
   *
   * @since 0.2
   */
  public TimeSource time() {
    return TimeSource.of(clock);
  }

  /** The URI without user info, safe to log and to put in exceptions. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  @Override
  public String toString() {
    return "BrokerConfig[uri=" + redactedUri() + ", options=" + options.keySet() + "]";
  }
}
