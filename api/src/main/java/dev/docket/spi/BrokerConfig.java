package dev.docket.spi;

import dev.docket.InvalidConfigException;
import dev.docket.spi.support.Options;
import dev.docket.spi.support.Require;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BrokerProvider#create} gets: the broker URI, extra options, and the clock every
 * time-based decision must use.
 *
 * <p>Options come from two places: {@code options} and the URI's query string ({@code
 * redis://host?keyPrefix=app}). The constructor moves the query's options into {@link #options()}
 * (an option given in both keeps the {@code options} value) and drops the query from {@link
 * #uri()}, so a broker reads every option from one map whichever way the config was built. Each
 * broker's {@code XBrokerConfig.from(BrokerConfig)} rejects an option it does not know, with every
 * other problem, in one {@link dev.docket.InvalidConfigException}.
 *
 * @param uri the broker URI, possibly with credentials: never log it, use {@link #redactedUri()};
 *     without a query string once constructed
 * @param options options from configuration and from the URI query string, by key
 * @param clock wall time for delays, leases and timestamps; {@link #time()} is the same time as
 *     a {@link TimeSource}, which also says whether it is controllable
 * @since 0.1
 */
public record BrokerConfig(URI uri, Map<String, String> options, Clock clock) {

  /**
   * Validates, merges the URI's query options into {@code options} and copies.
   *
   * @throws dev.docket.InvalidConfigException when the query holds a malformed escape
   */
  public BrokerConfig {
    Require.nonNull("uri", uri, "options", options, "clock", clock);
    if (uri.getRawQuery() != null) {
      List<String> problems = new ArrayList<>();
      Map<String, String> merged = new LinkedHashMap<>(Options.query(uri, problems));
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      merged.putAll(options);
      options = merged;
      String s = uri.toString();
      uri = URI.create(s.substring(0, s.indexOf('?')));
    }
    options = Map.copyOf(options);
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
