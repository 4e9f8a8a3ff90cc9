package dev.docket.broker.redis;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import dev.docket.spi.support.Options;
import dev.docket.spi.support.OwnerBuilder;
import dev.docket.spi.support.Require;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach Redis and lay out keys. Build one with {@link #builder()}, or read one from a
 * provider's {@link BrokerConfig} with {@link #from(BrokerConfig)}; open the broker with {@link
 * RedisBroker#create(RedisBrokerConfig)}.
 *
 * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
 *     TLS; may hold credentials, so it is printed only through {@link #redactedUri()}
 * @param keyPrefix first part of every key's hash tag (option {@code keyPrefix}, default {@value
 *     RedisBroker#DEFAULT_KEY_PREFIX})
 * @param cluster whether {@code uri} is a seed of a Redis Cluster (option {@code cluster}, default
 *     false)
 * @param maxMessageBytes largest body accepted (option {@code maxMessageBytes}, default 4 MiB)
 * @param clock wall time; a {@linkplain dev.docket.spi.TimeSource#controllable() controllable}
 *     one (a {@code dev.docket.testing.ManualClock}) makes scripts use it instead of the server's
 *     clock (tests only)
 * @param commandTimeout how long a command may go unanswered before it fails with {@link
 *     dev.docket.BrokerUnavailableException} (option {@code commandTimeout}, an ISO-8601
 *     duration, a number with a unit such as {@code 500ms} or milliseconds, default 10 s)
 * @param allowEviction start even when the server's {@code maxmemory-policy} can evict Docket's
 *     keys (option {@code allowEviction}, default false: such a server is refused)
 * @param heartbeat how often the broker writes its owner heartbeat on each queue it fetches from
 *     (option {@code heartbeat}, default 1 s; zero turns owners off, and a lease then ends only
 *     at its deadline)
 * @param ownerTimeout how old a broker's last heartbeat may get before its leases are reclaimed
 *     as if expired (option {@code ownerTimeout}, default 4 s; must exceed {@code heartbeat})
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
    Duration commandTimeout, boolean allowEviction, Duration heartbeat, Duration ownerTimeout,
    int waitForReplicas, Duration waitForReplicasTimeout) {

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

  /** Option: owner heartbeat period. */
  public static final String HEARTBEAT = "heartbeat";

  /** Option: owner timeout. */
  public static final String OWNER_TIMEOUT = "ownerTimeout";

  /** Default owner heartbeat: 1 s. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);

  /** Default owner timeout: 4 s. */
  public static final Duration DEFAULT_OWNER_TIMEOUT = Duration.ofSeconds(4);

  /** Option: replicas that must acknowledge an enqueue ({@code WAIT}). */
  public static final String WAIT_FOR_REPLICAS = "waitForReplicas";

  /** Option: how long to wait for them. */
  public static final String WAIT_FOR_REPLICAS_TIMEOUT = "waitForReplicasTimeout";

  /** Default wait for replicas: 1 s. */
  public static final Duration DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT = Duration.ofSeconds(1);

  /** Default command timeout: 10 s. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

  /** Validates. */
  public RedisBrokerConfig {
    Require.nonNull("uri", uri, "keyPrefix", keyPrefix, "clock", clock,
        "commandTimeout", commandTimeout, "waitForReplicasTimeout", waitForReplicasTimeout,
        "heartbeat", heartbeat, "ownerTimeout", ownerTimeout);
    List<String> problems = new ArrayList<>();
    replicaProblems(waitForReplicas, waitForReplicasTimeout, commandTimeout, problems);
    if (!heartbeat.isZero() && (heartbeat.compareTo(Duration.ofMillis(10)) < 0
        || heartbeat.compareTo(Duration.ofHours(1)) > 0)) {
      problems.add("Redis option " + HEARTBEAT + "=" + heartbeat
          + " must be 0 (off) or between 10 ms and 1 h");
    }
    if (ownerTimeout.isNegative() || ownerTimeout.compareTo(Duration.ofHours(1)) > 0
        || (!heartbeat.isZero() && ownerTimeout.compareTo(heartbeat) <= 0)) {
      problems.add("Redis option " + OWNER_TIMEOUT + "=" + ownerTimeout + " must exceed option "
          + HEARTBEAT + "=" + heartbeat + " (best several beats) and be at most 1 h");
    }
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

  /** A builder with every default, for {@code redis://localhost:6379} until {@link Builder#uri}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder().uri(uri).keyPrefix(keyPrefix).cluster(cluster)
        .maxMessageBytes(maxMessageBytes).clock(clock).commandTimeout(commandTimeout)
        .allowEviction(allowEviction).heartbeat(heartbeat).ownerTimeout(ownerTimeout)
        .waitForReplicas(waitForReplicas, waitForReplicasTimeout);
  }

  /**
   * Reads a provider's config: its URI and its options (the URI's query included); unknown or
   * malformed options fail together, with the config's own checks, in one {@link
   * InvalidConfigException}. Durations are milliseconds, a number with a unit ({@code 500ms},
   * {@code 5s}) or ISO-8601 ({@code PT5S}).
   */
  public static RedisBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    Options o = Options.of("Redis broker", config);
    Builder b = builder().uri(config.uri()).clock(config.clock())
        .keyPrefix(o.text(KEY_PREFIX, RedisBroker.DEFAULT_KEY_PREFIX))
        .cluster(o.bool(CLUSTER, false))
        .maxMessageBytes(o.longValue(MAX_MESSAGE_BYTES, RedisBroker.DEFAULT_MAX_MESSAGE_BYTES,
            1, 512L * 1024 * 1024))
        .commandTimeout(o.duration(COMMAND_TIMEOUT, DEFAULT_COMMAND_TIMEOUT))
        .allowEviction(o.bool(ALLOW_EVICTION, false))
        .heartbeat(o.duration(HEARTBEAT, DEFAULT_HEARTBEAT))
        .ownerTimeout(o.duration(OWNER_TIMEOUT, DEFAULT_OWNER_TIMEOUT))
        .waitForReplicas(o.intValue(WAIT_FOR_REPLICAS, 0, 0, 100),
            o.duration(WAIT_FOR_REPLICAS_TIMEOUT, DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT));
    return o.build(b::build);
  }

  /** The URI without credentials. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  @Override
  public String toString() {
    return "RedisBrokerConfig[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", cluster="
        + cluster + ", maxMessageBytes=" + maxMessageBytes + ", commandTimeout=" + commandTimeout
        + ", allowEviction=" + allowEviction + ", heartbeat=" + heartbeat + ", ownerTimeout="
        + ownerTimeout + ", waitForReplicas=" + waitForReplicas + ", waitForReplicasTimeout="
        + waitForReplicasTimeout + "]";
  }

  /** Builds a {@link RedisBrokerConfig}; each setter keeps the documented default otherwise. */
  public static final class Builder extends OwnerBuilder<Builder> {
    private URI uri = URI.create("redis://localhost:6379");
    private String keyPrefix = RedisBroker.DEFAULT_KEY_PREFIX;
    private boolean cluster;
    private long maxMessageBytes = RedisBroker.DEFAULT_MAX_MESSAGE_BYTES;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private boolean allowEviction;
    private int waitForReplicas;
    private Duration waitForReplicasTimeout = DEFAULT_WAIT_FOR_REPLICAS_TIMEOUT;

    /** The clock, heartbeat and owner timeout setters come from {@link OwnerBuilder}. */
    private Builder() {
      super(DEFAULT_HEARTBEAT, DEFAULT_OWNER_TIMEOUT);
    }

    /** See {@link RedisBrokerConfig#uri()}. */
    public Builder uri(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** See {@link RedisBrokerConfig#keyPrefix()}. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /** See {@link RedisBrokerConfig#cluster()}. */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /** See {@link RedisBrokerConfig#maxMessageBytes()}. */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** See {@link RedisBrokerConfig#commandTimeout()}. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
      return this;
    }

    /** See {@link RedisBrokerConfig#allowEviction()}. */
    public Builder allowEviction(boolean allowEviction) {
      this.allowEviction = allowEviction;
      return this;
    }

    /** Waits for {@code replicas} replicas, up to {@code timeout}, per enqueue. */
    public Builder waitForReplicas(int replicas, Duration timeout) {
      this.waitForReplicas = replicas;
      this.waitForReplicasTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Validates (every problem at once) and builds. */
    public RedisBrokerConfig build() {
      return new RedisBrokerConfig(uri, keyPrefix, cluster, maxMessageBytes, clockSetting(),
          commandTimeout, allowEviction, heartbeatSetting(), ownerTimeoutSetting(),
          waitForReplicas, waitForReplicasTimeout);
    }
  }
}
