package dev.docket.broker.redis;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
 * @param commandTimeout how long a command may go unanswered before it fails with {@link
 *     dev.docket.BrokerUnavailableException} (option {@code commandTimeout}, an ISO-8601
 *     duration or milliseconds, default 10 s)
 * @param allowEviction start even when the server's {@code maxmemory-policy} can evict Docket's
 *     keys (option {@code allowEviction}, default false: such a server is refused)
 * @param waitForReplicas replicas that must hold an enqueue before it returns: after the enqueue
 *     script the broker sends {@code WAIT} to the master that ran it, and fails the enqueue with
 *     {@link dev.docket.BrokerUnavailableException} when fewer replicas acknowledged (option
 *     {@code waitForReplicas}, default 0: no wait, an enqueue can be lost on failover)
 * @param waitForReplicasTimeout how long {@code WAIT} waits for them (option {@code
 *     waitForReplicasTimeout}, ISO-8601 or milliseconds, default 1 s; with {@code
 *     waitForReplicas} set, shorter than {@code commandTimeout})
 * @since 0.1
 */
public record RedisBrokerConfig(
    URI uri, String keyPrefix, boolean cluster, long maxMessageBytes, Clock clock,
    Duration commandTimeout, boolean allowEviction, int waitForReplicas,
    Duration waitForReplicasTimeout) {

  /** Option: key prefix. */
  public static final String KEY_PREFIX = "keyPrefix";

  /** Option: cluster mode. */
  public static final String CLUSTER = "cluster";

  /** Option: largest body. */
  public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";

  /** Option: command timeout. */
  public static final String COMMAND_TIMEOUT = "commandTimeout";

  /** Option: start on a server whose maxmemory-policy can evict keys. */
  public static final String ALLOW_EVICTION = "allowEviction";

  /** Option: replicas that must acknowledge an enqueue ({@code WAIT}). */
  public static final String WAIT_FOR_REPLICAS = "waitForReplicas";

  /** Option: how long to wait for them. */
  public static final String WAIT_FOR_REPLICAS_TIMEOUT = "waitForReplicasTimeout";

  /** Default wait for replicas: 1 s. */
  public static final Duration DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT = Duration.ofSeconds(1);

  /** Default command timeout: 10 s. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private static final String KNOWN = KEY_PREFIX + ", " + CLUSTER + ", " + MAX_MESSAGE_BYTES
      + ", " + COMMAND_TIMEOUT + ", " + ALLOW_EVICTION + ", " + WAIT_FOR_REPLICAS + ", "
      + WAIT_FOR_REPLICAS_TIMEOUT;

  /** Validates. */
  public RedisBrokerConfig {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(waitForReplicasTimeout, "waitForReplicasTimeout");
    List<String> problems = new ArrayList<>();
    replicaProblems(waitForReplicas, waitForReplicasTimeout, commandTimeout, problems);
    if (commandTimeout.compareTo(Duration.ofMillis(10)) < 0
        || commandTimeout.compareTo(Duration.ofHours(1)) > 0) {
      problems.add("Redis option " + COMMAND_TIMEOUT + "=" + commandTimeout
          + " must be between 10 ms and 1 h");
    }
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

  private static void replicaProblems(int replicas, Duration wait, Duration commandTimeout,
      List<String> problems) {
    if (replicas < 0 || replicas > 100) {
      problems.add("Redis option " + WAIT_FOR_REPLICAS + "=" + replicas
          + " must be between 0 (no wait) and 100");
    }
    // WAIT 0 blocks forever, and a WAIT longer than the command timeout is cut off by it. The
    // default wait must not make a short commandTimeout invalid when nothing waits.
    if (wait.compareTo(Duration.ofMillis(1)) < 0
        || (replicas > 0 && wait.compareTo(commandTimeout) >= 0)) {
      problems.add("Redis option " + WAIT_FOR_REPLICAS_TIMEOUT + "=" + wait
          + " must be at least 1 ms and, with " + WAIT_FOR_REPLICAS + " set, shorter than "
          + COMMAND_TIMEOUT + "=" + commandTimeout);
    }
  }

  /** Defaults for {@code uri}: prefix {@code docket}, standalone, 4 MiB, system clock. */
  public static RedisBrokerConfig of(URI uri) {
    return new RedisBrokerConfig(uri, RedisBroker.DEFAULT_KEY_PREFIX, false,
        RedisBroker.DEFAULT_MAX_MESSAGE_BYTES, Clock.systemUTC(), DEFAULT_COMMAND_TIMEOUT, false,
        0, DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT);
  }

  /** Reads a provider's config; unknown or malformed options fail together. */
  public static RedisBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    String prefix = RedisBroker.DEFAULT_KEY_PREFIX;
    boolean cluster = false;
    long max = RedisBroker.DEFAULT_MAX_MESSAGE_BYTES;
    Duration timeout = DEFAULT_COMMAND_TIMEOUT;
    boolean allowEviction = false;
    int replicas = 0;
    Duration replicaWait = DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : config.options().entrySet()) {
      String v = e.getValue().trim();
      switch (e.getKey()) {
        case KEY_PREFIX -> prefix = v;
        case CLUSTER -> cluster = bool(CLUSTER, v, problems);
        case ALLOW_EVICTION -> allowEviction = bool(ALLOW_EVICTION, v, problems);
        case COMMAND_TIMEOUT -> {
          try {
            timeout = v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
          } catch (DateTimeParseException | NumberFormatException ex) {
            problems.add("Redis option " + COMMAND_TIMEOUT + "='" + v + "' is neither"
                + " milliseconds nor an ISO-8601 duration such as PT5S");
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
        case WAIT_FOR_REPLICAS_TIMEOUT ->
            replicaWait = duration(WAIT_FOR_REPLICAS_TIMEOUT, v, replicaWait, problems);
        case WAIT_FOR_REPLICAS -> {
          try {
            replicas = Integer.parseInt(v);
          } catch (NumberFormatException ex) {
            problems.add("Redis option " + WAIT_FOR_REPLICAS + "='" + v
                + "' is not a whole number of replicas");
          }
        }
        default -> problems.add("Redis option '" + e.getKey() + "' is unknown; known: " + KNOWN);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new RedisBrokerConfig(config.uri(), prefix, cluster, max, config.clock(), timeout,
        allowEviction, replicas, replicaWait);
  }

  private static Duration duration(String option, String v, Duration fallback,
      List<String> problems) {
    try {
      return v.chars().allMatch(Character::isDigit) && !v.isEmpty()
          ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException ex) {
      problems.add("Redis option " + option + "='" + v + "' is neither"
          + " milliseconds nor an ISO-8601 duration such as PT5S");
      return fallback;
    }
  }

  private static boolean bool(String option, String v, List<String> problems) {
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      problems.add("Redis option " + option + "='" + v + "' must be true or false");
    }
    return Boolean.parseBoolean(v);
  }

  /** This config with another key prefix. */
  public RedisBrokerConfig withKeyPrefix(String prefix) {
    return new RedisBrokerConfig(uri, prefix, cluster, maxMessageBytes, clock,
        commandTimeout, allowEviction, waitForReplicas,
        waitForReplicasTimeout);
  }

  /** This config in cluster mode or not. */
  public RedisBrokerConfig withCluster(boolean on) {
    return new RedisBrokerConfig(uri, keyPrefix, on, maxMessageBytes, clock,
        commandTimeout, allowEviction, waitForReplicas,
        waitForReplicasTimeout);
  }

  /** This config with another clock. */
  public RedisBrokerConfig withClock(Clock c) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, c,
        commandTimeout, allowEviction, waitForReplicas,
        waitForReplicasTimeout);
  }

  /** This config with another body limit. */
  public RedisBrokerConfig withMaxMessageBytes(long max) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, max, clock,
        commandTimeout, allowEviction, waitForReplicas,
        waitForReplicasTimeout);
  }

  /** This config with another command timeout. */
  public RedisBrokerConfig withCommandTimeout(Duration timeout) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, clock, timeout,
        allowEviction, waitForReplicas, waitForReplicasTimeout);
  }

  /** This config starting (or not) on a server whose maxmemory-policy can evict keys. */
  public RedisBrokerConfig withAllowEviction(boolean allow) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, clock, commandTimeout,
        allow, waitForReplicas, waitForReplicasTimeout);
  }

  /** This config waiting for {@code replicas} replicas, up to {@code timeout}, per enqueue. */
  public RedisBrokerConfig withWaitForReplicas(int replicas, Duration timeout) {
    return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, clock, commandTimeout,
        allowEviction, replicas, timeout);
  }

  /** The URI without credentials. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  @Override
  public String toString() {
    return "RedisBrokerConfig[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", cluster="
        + cluster + ", maxMessageBytes=" + maxMessageBytes + ", commandTimeout=" + commandTimeout
        + ", allowEviction=" + allowEviction + ", waitForReplicas=" + waitForReplicas
        + ", waitForReplicasTimeout=" + waitForReplicasTimeout + "]";
  }
}
