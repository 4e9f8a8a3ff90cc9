package dev.docket.broker.redis;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach Redis and lay out keys.
 *
 * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
 *     TLS; may hold credentials, so it is printed only through {@link #redactedUri()}
 * @param keyPrefix first part of every key's hash tag (option {@code keyPrefix}, default {@value
 *     RedisBroker#DEFAULT_KEY_PREFIX})
 * @param cluster whether {@code uri} is a seed of a Redis Cluster (option {@code cluster}, default
 *     false)
 * @param maxMessageBytes largest body accepted (option {@code maxMessageBytes}, default 4 MiB)
 * @param clock wall time; a {@link dev.docket.ManualClock} makes scripts use it instead of the
 *     server's clock (tests only)
 * @since 0.1
 */
public record RedisBrokerConfig(
    URI uri, String keyPrefix, boolean cluster, long maxMessageBytes, Clock clock) {

  /** Option: key prefix. */
  public static final String KEY_PREFIX = "keyPrefix";

  /** Option: cluster mode. */
  public static final String CLUSTER = "cluster";

  /** Option: largest body. */
  public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";

  /** Validates. */
  public RedisBrokerConfig {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(clock, "clock");
    List<String> problems = new ArrayList<>();
    if (keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
      problems.add("Redis option " + KEY_PREFIX + "='" + keyPrefix + "' must be non-empty and"
          + " hold no braces (they delimit the hash tag)");
    }
    if (maxMessageBytes < 1 || maxMessageBytes > 512L * 1024 * 1024) {
      problems.add("Redis option " + MAX_MESSAGE_BYTES + "=" + maxMessageBytes
          + " must be between 1 and 536870912 (Redis' largest string)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /** Defaults for {@code uri}: prefix {@code docket}, standalone, 4 MiB, system clock. */
  public static RedisBrokerConfig of(URI uri) {
    return new RedisBrokerConfig(uri, RedisBroker.DEFAULT_KEY_PREFIX, false,
        RedisBroker.DEFAULT_MAX_MESSAGE_BYTES, Clock.systemUTC());
  }

  /** Reads a provider's config; unknown or malformed options fail together. */
  public static RedisBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    String prefix = RedisBroker.DEFAULT_KEY_PREFIX;
    boolean cluster = false;
    long max = RedisBroker.DEFAULT_MAX_MESSAGE_BYTES;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : config.options().entrySet()) {
      String v = e.getValue().trim();
      switch (e.getKey()) {
        case KEY_PREFIX -> prefix = v;
        case CLUSTER -> {
          if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            cluster = Boolean.parseBoolean(v);
          } else {
            problems.add("Redis option " + CLUSTER + "='" + v + "' must be true or false");
          }
        }
        case MAX_MESSAGE_BYTES -> {
          try {
            max = Long.parseLong(v);
          } catch (NumberFormatException ex) {
            problems.add("Redis option " + MAX_MESSAGE_BYTES + "='" + v
                + "' is not a whole number of bytes");
          }
        }
        default -> problems.add("Redis option '" + e.getKey() + "' is unknown; known: "
            + KEY_PREFIX + ", " + CLUSTER + ", " + MAX_MESSAGE_BYTES);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new RedisBrokerConfig(config.uri(), prefix, cluster, max, config.clock());
  }

  /** This config with another key prefix. */
  public RedisBrokerConfig withKeyPrefix(String prefix) {
    return new RedisBrokerConfig(uri, prefix, cluster, maxMessageBytes, clock);
  }

  /** This config in cluster mode or not. */
  public RedisBrokerConfig withCluster(boolean on) {
    return new RedisBrokerConfig(uri, keyPrefix, on, maxMessageBytes, clock);
  }

  /** This config with another clock. */
  public RedisBrokerConfig withClock(Clock c) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, c);
  }

  /** This config with another body limit. */
  public RedisBrokerConfig withMaxMessageBytes(long max) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, max, clock);
  }

  /** The URI without credentials. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  @Override
  public String toString() {
    return "RedisBrokerConfig[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", cluster="
        + cluster + ", maxMessageBytes=" + maxMessageBytes + "]";
  }
}
