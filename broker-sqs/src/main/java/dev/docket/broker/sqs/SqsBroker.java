package dev.docket.broker.sqs;

import dev.docket.InvalidConfigException;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.broker.sqs.internal.DeadLetterQueues;
import dev.docket.broker.sqs.internal.QueueAdmin;
import dev.docket.broker.sqs.internal.RequestCounter;
import dev.docket.broker.sqs.internal.SqsCore;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.TimeSource;
import dev.docket.spi.support.Require;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * A Docket broker on Amazon SQS (or ElasticMQ, LocalStack): each Docket queue is a set of SQS
 * queues (one lane per priority band, a delay queue, a dead-letter queue), standard queues by
 * default, FIFO lanes and dead-letter queue with {@link SqsBrokerConfig#fifo()}. The lease is
 * the visibility timeout; acks, releases and lease extensions go out in batches of ten; delays
 * longer than SQS's 15 minutes hop through the delay queue. The module README describes the
 * mapping and its limits.
 *
 * <p>Thread-safe. Create one with {@link #create(SqsBrokerConfig)} or through {@code
 * Docket.connect("sqs://...")}.
 *
 * @since 0.1
 */
public final class SqsBroker implements Broker {

  private static final QueueBrowser BROWSER = QueueBrowser.unsupported(
      "SQS cannot show a message without receiving it (which hides it from workers and counts"
        + " a delivery), so it does not browse jobs; queue listing is not implemented yet");

  private final SqsClient sqs;
  private final RequestCounter counter;
  private final SqsCore core;
  private final QueueAdmin admin;
  private final DeadLetterQueues deadLetters;

  private SqsBroker(SqsClient sqs, RequestCounter counter, SqsBrokerConfig config,
      @Nullable LiveIdRegistry liveIds) {
    this.sqs = sqs;
    this.counter = counter;
    this.core = new SqsCore(sqs, config, liveIds);
    this.admin = new QueueAdmin(core);
    this.deadLetters = new DeadLetterQueues(core);
  }

  /**
   * Opens a broker: builds the SQS client (queues are created when first declared or used) and,
   * when {@link SqsBrokerConfig#idStore()} is set, opens that state store through its {@link
   * StoreProvider} for cross-process idempotent enqueue.
   */
  public static SqsBroker create(SqsBrokerConfig config) {
    Objects.requireNonNull(config, "config");
    URI store = config.idStore();
    LiveIdRegistry guard = store == null ? null
        : shared(openStore(store, config), config, true);
    return create(config, guard);
  }

  /**
   * Opens a broker that keeps live job ids in {@code idStore}, shared with every process that
   * publishes to the same queues; the caller keeps ownership of the store.
   */
  public static SqsBroker create(SqsBrokerConfig config, StateStore idStore) {
    Objects.requireNonNull(idStore, "idStore");
    return create(config, shared(idStore, config, false));
  }

  /**
   * Live ids in {@code store}, and this process's owner heartbeat there: the receipt handles it
   * holds are written with the heartbeat when they change (one write per process per beat), and
   * when a worker stops beating for {@code ownerTimeout} one live process makes its messages
   * visible again at once.
   */
  private static LiveIdRegistry shared(StateStore store, SqsBrokerConfig config, boolean owned) {
    return LiveIdRegistry.shared(store, "sqs", config.queuePrefix() + ":",
        TimeSource.of(config.clock()), config.heartbeat(), config.ownerTimeout(), owned);
  }

  private static StateStore openStore(URI uri, SqsBrokerConfig config) {
    try {
      return StoreProvider.open(uri, config.clock(), SqsBroker.class.getClassLoader());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(e.problems().stream().map(p -> "SQS option idStore="
          + SqsUriParser.redact(uri) + ": " + p).toList());
    }
  }

  private static SqsBroker create(SqsBrokerConfig config, @Nullable LiveIdRegistry guard) {
    return create(config, guard, UnaryOperator.identity());
  }

  /**
   * A broker over the client {@code wrap} makes of the real one: the seam for tests that inject
   * faults between the broker and SQS (refused batch entries, a receive racing a cancel).
   */
  static SqsBroker create(SqsBrokerConfig config, UnaryOperator<SqsClient> wrap) {
    Objects.requireNonNull(config, "config");
    return create(config, null, wrap);
  }

  private static SqsBroker create(SqsBrokerConfig config, @Nullable LiveIdRegistry guard,
      UnaryOperator<SqsClient> wrap) {
    RequestCounter counter = new RequestCounter();
    return new SqsBroker(wrap.apply(client(config, counter)), counter, config, guard);
  }

  /**
   * A plain SDK client as this broker would open it for {@code config}: its region, endpoint
   * override and credentials (static ones, or else the default AWS chain), with {@code
   * interceptor} seeing every request. For tools that compare against the raw SDK; the caller
   * closes it.
   *
   * @since 0.3
   */
  public static SqsClient client(SqsBrokerConfig config, ExecutionInterceptor interceptor) {
    Objects.requireNonNull(interceptor, "interceptor");
    SqsClientBuilder b = SqsClient.builder()
        .region(Region.of(config.region()))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor));
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    if (config.accessKeyId() != null && config.secretAccessKey() != null) {
      b.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return b.build();
  }

  /** SQS API requests this broker made so far, by operation (each HTTP attempt counts). */
  public Map<String, Long> requestCounts() {
    return counter.snapshot();
  }

  /**
   * Receives of this broker that brought messages so far, and how many messages they brought
   * (redeliveries included): messages per fruitful receive is what fetch batching achieves.
   */
  public ReceiveTally receiveTally() {
    return counter.receives();
  }

  /** All SQS API requests this broker made so far. */
  public long requestCount() {
    return counter.total();
  }

  @Override
  public Capabilities capabilities() {
    return core.capabilities();
  }

  @Override
  public void declareQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    SqsCore.translated("declare queue '" + queue + "'", () -> {
      core.declare(queue);
      return null;
    });
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    Require.nonNull("queue", queue, "messages", messages);
    return SqsCore.translated("publish to '" + queue + "'", () -> core.publish(queue, messages));
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    try {
      return core.fetch(request);
    } catch (SdkException e) {
      throw SqsCore.translate("fetch from " + request.queues(), e);
    }
  }

  @Override
  public boolean ack(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    return SqsCore.translated("ack " + delivery.id(), () -> core.ack(delivery));
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    Require.nonNull("delivery", delivery, "delay", delay);
    return SqsCore.translated("release " + delivery.id(), () -> core.release(delivery, delay));
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    Require.nonNull("delivery", delivery, "lease", lease);
    return SqsCore.translated("extend the lease of " + delivery.id(),
        () -> core.extendLease(delivery, lease));
  }

  /**
   * Extends every lease with {@code ChangeMessageVisibilityBatch}: ten per request, grouped by
   * lane, several requests at once, answers mapped back in order. A stale lease token or a
   * receipt handle SQS refuses answers false; an entry SQS could not change for a transient
   * reason makes the call throw {@link dev.docket.BrokerUnavailableException} after all others
   * were tried.
   */
  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    Require.nonNull("deliveries", deliveries, "lease", lease);
    return SqsCore.translated("extend " + deliveries.size() + " leases",
        () -> core.extendLeases(deliveries, lease));
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    Require.nonNull("delivery", delivery, "failure", failure);
    return SqsCore.translated("dead-letter " + delivery.id(),
        () -> core.deadLetter(delivery, failure));
  }

  @Override
  public QueueStats stats(String queue) {
    Objects.requireNonNull(queue, "queue");
    return SqsCore.translated("read the stats of '" + queue + "'", () -> admin.stats(queue));
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /**
   * Neither lists nor browses ({@link Capabilities#listQueues()} and {@link
   * Capabilities#browse()} are false): every call throws {@link UnsupportedOperationException}
   * with the reason, which tools show instead of a listing.
   */
  @Override
  public QueueBrowser browser() {
    return BROWSER;
  }

  @Override
  public long purge(String queue) {
    Objects.requireNonNull(queue, "queue");
    return SqsCore.translated("purge '" + queue + "'", () -> admin.purge(queue));
  }

  @Override
  public void close() {
    core.close();
    sqs.close();
  }
}
