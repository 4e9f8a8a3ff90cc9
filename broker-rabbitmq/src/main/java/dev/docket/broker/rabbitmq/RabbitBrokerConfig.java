package dev.docket.broker.rabbitmq;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.support.IdStoreBuilder;
import dev.docket.spi.support.Options;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of the RabbitMQ broker. Build one with {@link #builder()} or read one from a {@link
 * BrokerConfig} with {@link #from(BrokerConfig)}, whose option keys are the constants below
 * (also accepted in the URI query string, e.g. {@code amqp://host/vhost?queueType=classic});
 * open the broker with {@link RabbitBroker#create(RabbitBrokerConfig)}.
 *
 * @param uri {@code amqp://user:pass@host:port/vhost} or {@code amqps://...}, or several nodes of
 *     one cluster as {@code amqp://user:pass@host1:port1,host2:port2,host3:port3/vhost}: the
 *     client connects to one of them and, when it fails, recovers to another; never logged
 * @param queueType the type of every work and dead-letter queue (key {@value #QUEUE_TYPE},
 *     default {@link QueueType#QUORUM})
 * @param priorityBands how many separate queues a quorum queue's priorities 0..9 map to (key
 *     {@value #PRIORITY_BANDS}, 1 to 10, default {@value #DEFAULT_PRIORITY_BANDS}); classic
 *     queues use {@code x-max-priority} and ignore it
 * @param maxMessageBytes largest body accepted (key {@value #MAX_MESSAGE_BYTES}, default 4 MiB)
 * @param deliveryLimit RabbitMQ's {@code x-delivery-limit} on quorum queues: the safety net for a
 *     job that kills its worker's connection again and again (key {@value #DELIVERY_LIMIT},
 *     default {@value #DEFAULT_DELIVERY_LIMIT})
 * @param dedupWindow how long this client remembers a published id it has not seen settled, for
 *     idempotent enqueue (key {@value #DEDUP_WINDOW}, default 5 minutes; delays are added)
 * @param prefetch how many deliveries RabbitMQ may push to this client per work queue before
 *     they are acknowledged, leased ones included (key {@value #PREFETCH}); 0, the default, ties
 *     it to the worker: twice the largest fetch, at least {@value #MIN_AUTO_PREFETCH}, doubled
 *     (up to 1024) while every delivery in it is leased and a fetch wants more, as when workers
 *     hold early delayed jobs until their eta
 * @param publishChannels how many confirm-mode channels publish in parallel (key {@value
 *     #PUBLISH_CHANNELS}, default 4)
 * @param idStore a state store URI (e.g. {@code postgresql://...} or {@code redis://...}; key
 *     {@value #ID_STORE}) that keeps the live job ids, so idempotent enqueue holds across every
 *     process using the same store; null (the default) keeps them in this process only. The
 *     store's module must be on the class path
 * @param heartbeat how often a worker writes its owner heartbeat to the {@code idStore} (key
 *     {@value #HEARTBEAT}, default 500 ms, one write per process, not per job); zero turns owners
 *     off, and a killed worker's jobs then wait until their lease ends
 * @param ownerTimeout how old a worker's heartbeat may get before the run claims it held are
 *     taken over, so its jobs run again at once (key {@value #OWNER_TIMEOUT}, default 3 s; must
 *     exceed {@code heartbeat}). Without an {@code idStore} the claims live in the worker's own
 *     process and die with it
 * @param clock wall time for delays, leases and timestamps
 * @since 0.1
 */
public record RabbitBrokerConfig(
    URI uri,
    QueueType queueType,
    int priorityBands,
    long maxMessageBytes,
    int deliveryLimit,
    Duration dedupWindow,
    int prefetch,
    int publishChannels,
    @Nullable URI idStore,
    Duration heartbeat,
    Duration ownerTimeout,
    Clock clock) {

  /** Option key of {@link #queueType()}. */
  public static final String QUEUE_TYPE = "queueType";
  /** Option key of {@link #priorityBands()}. */
  public static final String PRIORITY_BANDS = "priorityBands";
  /** Option key of {@link #maxMessageBytes()}. */
  public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";
  /** Option key of {@link #deliveryLimit()}. */
  public static final String DELIVERY_LIMIT = "deliveryLimit";
  /** Option key of {@link #idStore()}. */
  public static final String ID_STORE = "idStore";
  /** Option key of {@link #dedupWindow()}. */
  public static final String DEDUP_WINDOW = "dedupWindow";
  /** Option key of {@link #prefetch()}. */
  public static final String PREFETCH = "prefetch";
  /** Option key of {@link #publishChannels()}. */
  public static final String PUBLISH_CHANNELS = "publishChannels";

  /** Option key of {@link #heartbeat()}. */
  public static final String HEARTBEAT = "heartbeat";
  /** Option key of {@link #ownerTimeout()}. */
  public static final String OWNER_TIMEOUT = "ownerTimeout";

  /** Default number of priority bands of a quorum queue. */
  public static final int DEFAULT_PRIORITY_BANDS = 3;
  /** Default largest body: 4 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 4L * 1024 * 1024;
  /** Default {@code x-delivery-limit}. */
  public static final int DEFAULT_DELIVERY_LIMIT = 20;
  /** Default dedup window. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(5);
  /** Smallest prefetch chosen automatically. */
  public static final int MIN_AUTO_PREFETCH = 20;

  /** The kind of RabbitMQ queue Docket declares. */
  public enum QueueType {
    /** Replicated Raft queues; priorities as bands of separate queues. */
    QUORUM,
    /** Classic durable queues with {@code x-max-priority} 9. */
    CLASSIC
  }

  /** Validates. */
  public RabbitBrokerConfig {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(queueType, "queueType");
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(ownerTimeout, "ownerTimeout");
    Objects.requireNonNull(clock, "clock");
    List<String> problems = new ArrayList<>();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      problems.add("RabbitMQ broker URI " + Redaction.redact(uri)
          + " must start with amqp:// or amqps://");
    } else {
      try {
        dev.docket.broker.rabbitmq.internal.AmqpUri.parse(uri);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (priorityBands < 1 || priorityBands > 10) {
      problems.add(PRIORITY_BANDS + " must be 1 to 10, was " + priorityBands);
    }
    if (maxMessageBytes < 1024) {
      problems.add(MAX_MESSAGE_BYTES + " must be at least 1024, was " + maxMessageBytes);
    }
    if (deliveryLimit < 2) {
      problems.add(DELIVERY_LIMIT + " must be at least 2, was " + deliveryLimit);
    }
    if (dedupWindow.isNegative()) {
      problems.add(DEDUP_WINDOW + " must not be negative, was " + dedupWindow);
    }
    if (prefetch < 0 || prefetch > 65_535) {
      problems.add(PREFETCH + " must be 0 (automatic) to 65535, was " + prefetch);
    }
    if (publishChannels < 1) {
      problems.add(PUBLISH_CHANNELS + " must be at least 1, was " + publishChannels);
    }
    if (heartbeat.isNegative() || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
      problems.add(HEARTBEAT + " must be 0 (off) to 1h, was " + heartbeat);
    }
    if (ownerTimeout.isNegative()
        || (!heartbeat.isZero() && ownerTimeout.compareTo(heartbeat) <= 0)) {
      problems.add(OWNER_TIMEOUT + " must exceed " + HEARTBEAT + " (" + heartbeat + "), was "
          + ownerTimeout);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /** The URI without credentials, for logs and messages. */
  public String redactedUri() {
    return Redaction.redact(uri);
  }

  /** How many priority levels messages keep apart under this configuration. */
  public int priorityLevels() {
    return queueType == QueueType.CLASSIC ? 10 : priorityBands;
  }

  @Override
  public String toString() {
    return "RabbitBrokerConfig[uri=" + redactedUri() + ", queueType=" + queueType
        + ", priorityBands=" + priorityBands + ", maxMessageBytes=" + maxMessageBytes
        + ", deliveryLimit=" + deliveryLimit + ", dedupWindow=" + dedupWindow
        + ", prefetch=" + prefetch + ", idStore="
        + (idStore == null ? "none" : Redaction.redact(idStore)) + ", heartbeat=" + heartbeat
        + ", ownerTimeout=" + ownerTimeout + "]";
  }

  /** A builder with every default, for {@code amqp://localhost:5672} until {@link Builder#uri}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a provider's config: its URI and options (the URI's query included), collecting every
   * problem, with the config's own checks, into one {@link InvalidConfigException}. Durations are
   * {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h}, milliseconds or ISO-8601.
   */
  public static RabbitBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    Options o = Options.of("RabbitMQ broker", config);
    Builder b = builder().uri(config.uri()).clock(config.clock())
        .queueType(o.choice(QUEUE_TYPE, QueueType.QUORUM))
        .priorityBands(o.intValue(PRIORITY_BANDS, DEFAULT_PRIORITY_BANDS, 1, 10))
        .maxMessageBytes(o.longValue(MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1024,
            Long.MAX_VALUE))
        .deliveryLimit(o.intValue(DELIVERY_LIMIT, DEFAULT_DELIVERY_LIMIT, 2, Integer.MAX_VALUE))
        .dedupWindow(o.duration(DEDUP_WINDOW, DEFAULT_DEDUP_WINDOW))
        .prefetch(o.intValue(PREFETCH, 0, 0, 65_535))
        .publishChannels(o.intValue(PUBLISH_CHANNELS, 4, 1, Integer.MAX_VALUE))
        .idStore(o.uri(ID_STORE))
        .heartbeat(o.duration(HEARTBEAT, LiveIdRegistry.DEFAULT_HEARTBEAT))
        .ownerTimeout(o.duration(OWNER_TIMEOUT, LiveIdRegistry.DEFAULT_OWNER_TIMEOUT));
    return o.build(b::build);
  }

  /**
   * Builds a {@link RabbitBrokerConfig}; the clock, owner, dedup window and id store setters come
   * from {@link IdStoreBuilder}.
   */
  public static final class Builder extends IdStoreBuilder<Builder> {
    private URI uri = URI.create("amqp://localhost:5672");
    private QueueType queueType = QueueType.QUORUM;
    private int priorityBands = DEFAULT_PRIORITY_BANDS;
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
    private int prefetch;
    private int publishChannels = 4;

    private Builder() {
      super(DEFAULT_DEDUP_WINDOW, LiveIdRegistry.DEFAULT_HEARTBEAT,
          LiveIdRegistry.DEFAULT_OWNER_TIMEOUT);
    }

    /** See {@link RabbitBrokerConfig#uri()}. */
    public Builder uri(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** See {@link RabbitBrokerConfig#queueType()}. */
    public Builder queueType(QueueType queueType) {
      this.queueType = Objects.requireNonNull(queueType, "queueType");
      return this;
    }

    /** See {@link RabbitBrokerConfig#priorityBands()}. */
    public Builder priorityBands(int priorityBands) {
      this.priorityBands = priorityBands;
      return this;
    }

    /** See {@link RabbitBrokerConfig#maxMessageBytes()}. */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** See {@link RabbitBrokerConfig#deliveryLimit()}. */
    public Builder deliveryLimit(int deliveryLimit) {
      this.deliveryLimit = deliveryLimit;
      return this;
    }

    /** See {@link RabbitBrokerConfig#prefetch()}. */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /** See {@link RabbitBrokerConfig#publishChannels()}. */
    public Builder publishChannels(int publishChannels) {
      this.publishChannels = publishChannels;
      return this;
    }

    /** Builds and validates. */
    public RabbitBrokerConfig build() {
      return new RabbitBrokerConfig(uri, queueType, priorityBands, maxMessageBytes, deliveryLimit,
          dedupWindowSetting(), prefetch, publishChannels, idStoreSetting(), heartbeatSetting(),
          ownerTimeoutSetting(), clockSetting());
    }
  }
}
