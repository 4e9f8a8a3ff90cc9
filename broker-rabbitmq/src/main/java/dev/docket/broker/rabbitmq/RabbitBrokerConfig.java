package dev.docket.broker.rabbitmq;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Options of the RabbitMQ broker. Build one with {@link #builder(URI)} or read one from a {@link
 * BrokerConfig} with {@link #from(BrokerConfig)}, whose option keys are the constants below
 * (also accepted in the URI query string, e.g. {@code amqp://host/vhost?queueType=classic}).
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
 *     it to the worker: twice the largest fetch, at least {@value #MIN_AUTO_PREFETCH}
 * @param publishChannels how many confirm-mode channels publish in parallel (key {@value
 *     #PUBLISH_CHANNELS}, default 4)
 * @param idStore a state store URI (e.g. {@code postgresql://...} or {@code redis://...}; key
 *     {@value #ID_STORE}) that keeps the live job ids, so idempotent enqueue holds across every
 *     process using the same store; null (the default) keeps them in this process only. The
 *     store's module must be on the class path
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

  private static final Set<String> KEYS = Set.of(QUEUE_TYPE, PRIORITY_BANDS, MAX_MESSAGE_BYTES,
      DELIVERY_LIMIT, DEDUP_WINDOW, PREFETCH, PUBLISH_CHANNELS, ID_STORE);

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
        + (idStore == null ? "none" : Redaction.redact(idStore)) + "]";
  }

  /** A builder for {@code uri} with every default. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * Reads the options of {@code config} (its options map, then the URI query string), collecting
   * every problem into one {@link InvalidConfigException}.
   */
  public static RabbitBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    Map<String, String> options = new java.util.HashMap<>(queryOptions(config.uri()));
    options.putAll(config.options());
    Builder b = builder(withoutQuery(config.uri())).clock(config.clock());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue().trim();
      try {
        switch (key) {
          case QUEUE_TYPE -> b.queueType(QueueType.valueOf(value.toUpperCase(Locale.ROOT)));
          case PRIORITY_BANDS -> b.priorityBands(Integer.parseInt(value));
          case MAX_MESSAGE_BYTES -> b.maxMessageBytes(Long.parseLong(value));
          case DELIVERY_LIMIT -> b.deliveryLimit(Integer.parseInt(value));
          case DEDUP_WINDOW -> b.dedupWindow(parseDuration(value));
          case PREFETCH -> b.prefetch(Integer.parseInt(value));
          case PUBLISH_CHANNELS -> b.publishChannels(Integer.parseInt(value));
          case ID_STORE -> b.idStore(parseStoreUri(value));
          default -> problems.add("RabbitMQ broker option '" + key + "' is unknown; it knows "
              + new TreeSet<>(KEYS));
        }
      } catch (IllegalArgumentException | DateTimeParseException ex) {
        // A URI value may hold a password: never echoed, parsed or not.
        problems.add(key.equals(ID_STORE) ? ex.getMessage()
            : "RabbitMQ broker option " + key + "='" + value + "' is invalid: "
                + (key.equals(QUEUE_TYPE) ? "use quorum or classic" : ex.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return b.build();
  }

  /**
   * The {@value #ID_STORE} URI. {@link URI#create}'s error message quotes the whole input, and
   * with it the store's password: this one names the option, the position and the reason only.
   */
  private static URI parseStoreUri(String value) {
    try {
      return new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("RabbitMQ broker option " + ID_STORE + " is not a valid"
          + " URI (" + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
          + "); it must be URL-encoded in a query string (the value is not shown: it may hold a"
          + " password)");
    }
  }

  /** {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h} or an ISO-8601 duration. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(text.trim());
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: use e.g. 500ms, 5s, 5m");
    };
  }

  private static Map<String, String> queryOptions(URI uri) {
    Map<String, String> out = new java.util.HashMap<>();
    String q = uri.getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static URI withoutQuery(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? uri : URI.create(s.substring(0, q));
  }

  /** Builds a {@link RabbitBrokerConfig}. */
  public static final class Builder {
    private final URI uri;
    private QueueType queueType = QueueType.QUORUM;
    private int priorityBands = DEFAULT_PRIORITY_BANDS;
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
    private @Nullable URI idStore;
    private Duration dedupWindow = DEFAULT_DEDUP_WINDOW;
    private int prefetch;
    private int publishChannels = 4;
    private Clock clock = Clock.systemUTC();

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
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

    /** See {@link RabbitBrokerConfig#dedupWindow()}. */
    public Builder dedupWindow(Duration dedupWindow) {
      this.dedupWindow = Objects.requireNonNull(dedupWindow, "dedupWindow");
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

    /** See {@link RabbitBrokerConfig#idStore()}. */
    public Builder idStore(@Nullable URI idStore) {
      this.idStore = idStore;
      return this;
    }

    /** See {@link RabbitBrokerConfig#clock()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds and validates. */
    public RabbitBrokerConfig build() {
      return new RabbitBrokerConfig(uri, queueType, priorityBands, maxMessageBytes, deliveryLimit,
          dedupWindow, prefetch, publishChannels, idStore, clock);
    }
  }
}
