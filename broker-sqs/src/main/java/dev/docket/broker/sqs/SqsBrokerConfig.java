package dev.docket.broker.sqs;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.support.IdStoreBuilder;
import dev.docket.spi.support.Require;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link SqsBroker}. Built with {@link #builder()} or parsed from a URI by {@link
 * #from(BrokerConfig)}:
 *
 * <pre>{@code sqs://us-east-1/myprefix?endpoint=http://127.0.0.1:9324&priorityBands=3}</pre>
 *
 * <p>The host is the AWS region, the path an optional queue-name prefix. Credentials come from the
 * default AWS chain unless {@code accessKeyId} and {@code secretAccessKey} are given (options or
 * URI user info), which is meant for ElasticMQ and LocalStack. {@link #toString()} hides them.
 *
 * @param region the AWS region, e.g. {@code us-east-1}
 * @param endpoint an endpoint override (ElasticMQ, LocalStack): {@code http} or {@code https}
 *     with a host and no user info, query or fragment; or {@code null} for AWS
 * @param queuePrefix prepended to every SQS queue name (letters, digits, {@code -}, {@code _})
 * @param accessKeyId static credentials, or {@code null} for the default AWS chain
 * @param secretAccessKey the secret of {@code accessKeyId}
 * @param priorityBands how many priority lanes (SQS queues) a Docket queue has, 1 to 10; option
 *     {@code priorityBands}, default {@value #DEFAULT_PRIORITY_BANDS}
 * @param maxDelayHop the longest single delay step, 1 s to 15 min; option {@code maxDelayHop},
 *     default 15 minutes (the SQS maximum)
 * @param sqsMessageLimit the largest SQS message, body plus attributes, in bytes; option {@code
 *     sqsMessageLimit}, default {@value #DEFAULT_SQS_MESSAGE_LIMIT} (1 MiB, the SQS limit)
 * @param maxReceiveCount receives of one SQS message before the native redrive policy moves it to
 *     the dead-letter queue (safety net for jobs that crash their worker); option {@code
 *     maxReceiveCount}, default {@value #DEFAULT_MAX_RECEIVE_COUNT}
 * @param pollInterval how often a fetch re-polls when it cannot long-poll (several lanes or a
 *     wait under a second); option {@code pollInterval}, default 200 ms
 * @param batchLinger how long an ack or lease change waits for others to share its batch request;
 *     option {@code batchLinger}, default 5 ms
 * @param dedupWindow how long a published job id counts as live for idempotent enqueue, after its
 *     due time, unless it is seen acked or dead-lettered first; option {@code dedupWindow}, default
 *     1 hour
 * @param idStore a state store URI (e.g. {@code postgresql://...}) that keeps the live job ids for
 *     idempotent enqueue across processes; {@code null} keeps them in this process only; option
 *     {@code idStore}
 * @param fifo whether the lanes and dead-letter queues are SQS FIFO queues (names end in {@code
 *     .fifo}) instead of standard queues; option {@code fifo}, default false. See the module
 *     README for what FIFO queues change and cost
 * @param fifoGroup how FIFO messages are put into SQS message groups; only with {@code fifo};
 *     option {@code fifoGroup} ({@code job} or {@code queue}), default {@link FifoGroup#JOB}
 * @param heartbeat how often a worker writes its owner heartbeat (with the receipt handles it
 *     holds, when they changed) to the {@code idStore}; option {@code heartbeat}, default 500 ms;
 *     zero turns it off. Without an {@code idStore} there is no heartbeat
 * @param ownerTimeout how old a worker's heartbeat may get before a live worker makes the
 *     messages it held visible again; option {@code ownerTimeout}, default 3 s, must exceed
 *     {@code heartbeat}. Without an {@code idStore} a killed worker's messages return after
 *     their visibility timeout (the lease)
 * @param clock wall time for delays, leases and timestamps
 * @since 0.1
 */
public record SqsBrokerConfig(
    String region,
    @Nullable URI endpoint,
    String queuePrefix,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    int priorityBands,
    Duration maxDelayHop,
    long sqsMessageLimit,
    int maxReceiveCount,
    Duration pollInterval,
    Duration batchLinger,
    Duration dedupWindow,
    @Nullable URI idStore,
    boolean fifo,
    FifoGroup fifoGroup,
    Duration heartbeat,
    Duration ownerTimeout,
    Clock clock) {

  /** Default number of priority lanes: one per message priority. */
  public static final int DEFAULT_PRIORITY_BANDS = 10;

  /** SQS's own longest message delay: 15 minutes. */
  public static final Duration SQS_MAX_DELAY = Duration.ofMinutes(15);

  /** Default SQS message size limit: 1 MiB. */
  public static final long DEFAULT_SQS_MESSAGE_LIMIT = 1_048_576;

  /** Default re-poll interval: 200 ms. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  /** Default batch linger: 5 ms. */
  public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(5);

  /** Default dedup window: 1 hour. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);

  /** Default receives before the native redrive policy dead-letters a message. */
  public static final int DEFAULT_MAX_RECEIVE_COUNT = 50;

  /**
   * The SQS message group of a message on FIFO queues. SQS hands out the messages of one group
   * in order and none of them while another of the group is in flight (leased, i.e. invisible),
   * so the grouping decides between parallelism and order.
   *
   * @since 0.1
   */
  public enum FifoGroup {
    /**
     * One group per job id: no job waits for another (no head-of-line blocking), and SQS keeps no
     * order between jobs, as with standard queues. Option value {@code job}.
     */
    JOB,
    /**
     * One group per Docket queue and priority lane: strict publish order, one job of the lane in
     * flight at a time (the next one is fetchable only after the current one is acked, released
     * or dead-lettered, or its lease expires). Option value {@code queue}.
     */
    QUEUE;

    /** The grouping named {@code raw} ({@code job} or {@code queue}). */
    static FifoGroup parse(String raw) {
      return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "job" -> JOB;
        case "queue" -> QUEUE;
        default -> throw new IllegalArgumentException("use job or queue");
      };
    }
  }

  /** Validates; every problem at once. */
  public SqsBrokerConfig {
    Require.nonNull("region", region, "queuePrefix", queuePrefix, "maxDelayHop", maxDelayHop,
        "pollInterval", pollInterval, "batchLinger", batchLinger, "dedupWindow", dedupWindow,
        "fifoGroup", fifoGroup, "heartbeat", heartbeat, "ownerTimeout", ownerTimeout,
        "clock", clock);
    List<String> problems = new ArrayList<>();
    if (heartbeat.isNegative() || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
      problems.add("SQS option heartbeat must be 0 (off) to 1h, was " + heartbeat);
    }
    if (ownerTimeout.isNegative()
        || (!heartbeat.isZero() && ownerTimeout.compareTo(heartbeat) <= 0)) {
      problems.add("SQS option ownerTimeout must exceed heartbeat (" + heartbeat + "), was "
          + ownerTimeout);
    }
    if (!region.matches("[a-z0-9-]+")) {
      problems.add("SQS region '" + region + "' is invalid; write it as the URI host, e.g."
          + " sqs://us-east-1");
    }
    if (!queuePrefix.matches("[A-Za-z0-9_-]{0,40}")) {
      problems.add("SQS queue prefix '" + queuePrefix + "' is invalid: use up to 40 letters,"
          + " digits, '-' or '_'");
    }
    if (endpoint != null) {
      String bad = SqsUriParser.endpointProblem(endpoint);
      if (bad != null) {
        problems.add("SQS option endpoint=" + SqsUriParser.redact(endpoint) + " is invalid: "
            + bad);
      }
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      problems.add("SQS static credentials need both accessKeyId and secretAccessKey");
    }
    if (priorityBands < 1 || priorityBands > 10) {
      problems.add("SQS option priorityBands must be 1 to 10, was " + priorityBands);
    }
    if (maxDelayHop.compareTo(Duration.ofSeconds(1)) < 0 || maxDelayHop.compareTo(SQS_MAX_DELAY) > 0) {
      problems.add("SQS option maxDelayHop must be between 1 s and 15 min (the SQS delay limit),"
          + " was " + maxDelayHop);
    }
    if (sqsMessageLimit < 16 * 1024) {
      problems.add("SQS option sqsMessageLimit must be at least 16384 bytes, was "
          + sqsMessageLimit);
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      problems.add("SQS option maxReceiveCount must be 1 to 1000, was " + maxReceiveCount);
    }
    if (!pollInterval.isPositive()) {
      problems.add("SQS option pollInterval must be positive, was " + pollInterval);
    }
    if (batchLinger.isNegative()) {
      problems.add("SQS option batchLinger must not be negative, was " + batchLinger);
    }
    if (!dedupWindow.isPositive()) {
      problems.add("SQS option dedupWindow must be positive, was " + dedupWindow);
    }
    if (!fifo && fifoGroup != FifoGroup.JOB) {
      problems.add("SQS option fifoGroup=" + fifoGroup.name().toLowerCase(java.util.Locale.ROOT)
          + " needs fifo=true (standard queues have no message groups)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code sqs://REGION[/PREFIX][?option=value...]} plus {@link BrokerConfig#options()}
   * (which win over the query string). Unknown options and bad values fail together; no message
   * carries a credential, the endpoint's or {@code idStore}'s user info or query. Percent-escapes
   * are decoded, {@code +} is kept as it is (AWS secrets contain it).
   */
  public static SqsBrokerConfig from(BrokerConfig config) {
    return SqsUriParser.parse(config);
  }

  @Override
  public String toString() {
    return "SqsBrokerConfig[region=" + region + ", endpoint="
        + (endpoint == null ? "AWS" : SqsUriParser.redact(endpoint)) + ", queuePrefix="
        + queuePrefix + ", credentials=" + (accessKeyId == null ? "default chain" : "static ***")
        + ", priorityBands=" + priorityBands + ", maxDelayHop=" + maxDelayHop
        + ", sqsMessageLimit=" + sqsMessageLimit + ", maxReceiveCount=" + maxReceiveCount
        + ", pollInterval=" + pollInterval + ", batchLinger=" + batchLinger + ", dedupWindow="
        + dedupWindow + ", idStore=" + (idStore == null ? "none" : SqsUriParser.redact(idStore))
        + ", fifo=" + fifo + (fifo ? ", fifoGroup=" + fifoGroup : "") + ", heartbeat="
        + heartbeat + ", ownerTimeout=" + ownerTimeout + "]";
  }

  /** Builds an {@link SqsBrokerConfig}; every setter keeps the documented default otherwise. */
  public static final class Builder extends IdStoreBuilder<Builder> {
    private String region = "us-east-1";
    private @Nullable URI endpoint;
    private String queuePrefix = "";
    private @Nullable String accessKeyId;
    private @Nullable String secretAccessKey;
    private int priorityBands = DEFAULT_PRIORITY_BANDS;
    private Duration maxDelayHop = SQS_MAX_DELAY;
    private long sqsMessageLimit = DEFAULT_SQS_MESSAGE_LIMIT;
    private int maxReceiveCount = DEFAULT_MAX_RECEIVE_COUNT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration batchLinger = DEFAULT_BATCH_LINGER;
    private boolean fifo;
    private FifoGroup fifoGroup = FifoGroup.JOB;

    /** The clock, owner, dedup window and id store setters come from {@link IdStoreBuilder}. */
    private Builder() {
      super(DEFAULT_DEDUP_WINDOW, dev.docket.spi.LiveIdRegistry.DEFAULT_HEARTBEAT,
          dev.docket.spi.LiveIdRegistry.DEFAULT_OWNER_TIMEOUT);
    }

    /** The AWS region. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** An endpoint override such as {@code http://127.0.0.1:9324}. */
    public Builder endpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The queue-name prefix. */
    public Builder queuePrefix(String queuePrefix) {
      this.queuePrefix = Objects.requireNonNull(queuePrefix, "queuePrefix");
      return this;
    }

    /** Static credentials instead of the default AWS chain. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
      this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      return this;
    }

    /** Priority lanes per queue. */
    public Builder priorityBands(int priorityBands) {
      this.priorityBands = priorityBands;
      return this;
    }

    /** The longest single delay hop. */
    public Builder maxDelayHop(Duration maxDelayHop) {
      this.maxDelayHop = Objects.requireNonNull(maxDelayHop, "maxDelayHop");
      return this;
    }

    /** The SQS message size limit in bytes. */
    public Builder sqsMessageLimit(long sqsMessageLimit) {
      this.sqsMessageLimit = sqsMessageLimit;
      return this;
    }

    /** Receives before the native redrive policy dead-letters a message. */
    public Builder maxReceiveCount(int maxReceiveCount) {
      this.maxReceiveCount = maxReceiveCount;
      return this;
    }

    /** Re-poll interval when a fetch cannot long-poll. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /** How long acks and lease changes wait to share a batch. */
    public Builder batchLinger(Duration batchLinger) {
      this.batchLinger = Objects.requireNonNull(batchLinger, "batchLinger");
      return this;
    }

    /** FIFO lanes and dead-letter queues instead of standard ones. */
    public Builder fifo(boolean fifo) {
      this.fifo = fifo;
      return this;
    }

    /** The message grouping on FIFO queues; needs {@link #fifo(boolean) fifo(true)}. */
    public Builder fifoGroup(FifoGroup fifoGroup) {
      this.fifoGroup = Objects.requireNonNull(fifoGroup, "fifoGroup");
      return this;
    }

    /** Validates and builds. */
    public SqsBrokerConfig build() {
      return new SqsBrokerConfig(region, endpoint, queuePrefix, accessKeyId, secretAccessKey,
          priorityBands, maxDelayHop, sqsMessageLimit, maxReceiveCount, pollInterval,
          batchLinger, dedupWindowSetting(), idStoreSetting(), fifo, fifoGroup, heartbeatSetting(),
          ownerTimeoutSetting(), clockSetting());
    }
  }
}
