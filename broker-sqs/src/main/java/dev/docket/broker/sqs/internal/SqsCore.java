package dev.docket.broker.sqs.internal;

import dev.docket.JobFailure;
import dev.docket.broker.sqs.SqsBrokerConfig;
import dev.docket.spi.Capabilities;
import dev.docket.spi.support.PayloadLimit;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS broker's behaviour behind {@code dev.docket.broker.sqs.SqsBroker}. Publishing lives in
 * {@link Publisher}, batch sends in {@link Sends}, fetching in {@link Fetcher}, acks and leases
 * in {@link Settler}, queue admin in {@link QueueAdmin}, dead letters in {@link
 * DeadLetterQueues}, long delays in {@link DelayPump}; this class holds what they share.
 * Thread-safe.
 */
public final class SqsCore implements AutoCloseable {

  final SqsBrokerConfig config;
  final Clock clock;
  /** What fetch waits are measured on. */
  final TimeSource time;
  final SqsCalls calls;
  final Topology topology;
  final LeaseBook leases = new LeaseBook();
  final LiveIdRegistry liveIds;
  /** What this process holds in {@link #liveIds} for its leased messages. */
  final HeldRefs held;
  final Signal signal = new Signal();
  final Capabilities capabilities;
  /** Group and de-duplication ids; null on standard queues. */
  final @Nullable FifoIds fifo;
  final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
  final Sends sends;
  private final ConcurrentMap<String, DelayPump> pumps = new ConcurrentHashMap<>();
  private final Publisher publisher;
  private final Fetcher fetcher;
  private final Settler settler;
  private final Adopter adopter;
  private final java.util.concurrent.atomic.AtomicBoolean listening =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;

  /**
   * A core over an open client; closing the core does not close the client but closes {@code
   * liveIds} (ending this process's owner heartbeat). {@code liveIds} null: this process's own
   * ids only, and a killed worker's messages return after their visibility timeout.
   */
  public SqsCore(SqsClient sqs, SqsBrokerConfig config, @Nullable LiveIdRegistry liveIds) {
    this(sqs, config, liveIds, HeldRefs.DEFAULT_BUDGET);
  }

  /**
   * Default bytes of deliveries kept with the references held, per process, so that a live
   * process can run a dead one's messages itself; past it they are made visible instead.
   */
  public static final long DEFAULT_ADOPT_BUDGET = HeldRefs.DEFAULT_BUDGET;

  /**
   * As {@link #SqsCore(SqsClient, SqsBrokerConfig, LiveIdRegistry)}, keeping at most {@code
   * adoptBudget} bytes of deliveries with the references held (tests).
   */
  public SqsCore(SqsClient sqs, SqsBrokerConfig config, @Nullable LiveIdRegistry liveIds,
      long adoptBudget) {
    this.config = config;
    this.clock = config.clock();
    this.time = TimeSource.of(clock);
    this.calls = new SqsCalls(sqs);
    this.topology = new Topology(sqs, new SqsNames(config.queuePrefix(), config.fifo()),
        config.priorityBands(), config.maxReceiveCount());
    this.fifo = config.fifo() ? new FifoIds(config.fifoGroup()) : null;
    this.liveIds = liveIds != null ? liveIds : LiveIdRegistry.local(time);
    this.held = new HeldRefs(this.liveIds, adoptBudget);
    // fifo stays false on FIFO queues too: with one group per job SQS orders nothing between
    // jobs, and with one group per queue the next job is not fetchable while one is leased,
    // while R5.5 leases twenty in a row and expects them in order. See the README.
    this.capabilities = Capabilities.builder().messagePriority(config.priorityBands() > 1)
        .priorityLevels(config.priorityBands()).fifo(false)
        .maxMessageBytes(Codec.maxBodyBytes(config.sqsMessageLimit()))
        .maxDelay(Duration.ofDays(365)).delayTolerance(Duration.ofSeconds(2)).exactStats(false)
        .controllableClock(false).minLease(Duration.ofSeconds(1))
        .durableDedup(this.liveIds.shared())
        // A receive brings up to ten for one request; with one group per queue it brings one.
        .fetchBatch(oneInFlightPerLane() ? 1 : Batcher.MAX_BATCH)
        .build();
    this.sends = new Sends(this);
    this.publisher = new Publisher(this);
    this.fetcher = new Fetcher(this);
    this.settler = new Settler(this);
    this.adopter = new Adopter(this, fetcher);
  }

  /**
   * Runs {@code body}, turning any SDK exception that escaped a lower layer into the Docket
   * exception {@link SqsCalls#translate} picks, so driver types never reach callers.
   */
  public static <T> T translated(String what, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw SqsCalls.translate(what, e);
    }
  }

  /** The Docket exception for an SDK exception; see {@link #translated}. */
  public static RuntimeException translate(String what,
      software.amazon.awssdk.core.exception.SdkException e) {
    return SqsCalls.translate(what, e);
  }

  /** What this broker declares. */
  public Capabilities capabilities() {
    return capabilities;
  }

  /** The queue topology (for admin and dead letters). */
  public Topology topology() {
    return topology;
  }

  /** Declares a queue: its dead-letter and delay queues now, lanes on first use. */
  public void declare(String queue) {
    SqsCalls.call("declare queue '" + queue + "'", () -> topology.of(queue));
  }

  /** See {@code Broker.publish}; the work is in {@link Publisher}. */
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return publisher.publish(queue, messages);
  }

  /** A claim lasts the de-duplication window past the message's due time. */
  Instant liveUntil(@Nullable Duration delay, Instant now) {
    Instant from = delay != null && delay.isPositive() ? now.plus(delay) : now;
    return from.plus(config.dedupWindow());
  }

  /** What this process holds in the live-id registry for a leased message. */
  static String ref(String laneUrl, String receiptHandle) {
    return laneUrl + " " + receiptHandle;
  }

  /**
   * {@code out} ready for a lane of {@code queue}: as it is on standard queues; on FIFO queues
   * with its message group and the de-duplication id {@code dedup}.
   */
  SqsCalls.Outgoing toLane(SqsCalls.Outgoing out, String queue, String id, String dedup) {
    FifoIds f = fifo;
    return f == null ? out : out.fifo(f.group(queue, id), dedup);
  }

  /** {@code out} ready for the dead-letter queue; {@code sqsId} is the lane message's id. */
  SqsCalls.Outgoing toDeadLetters(SqsCalls.Outgoing out, String id, String sqsId) {
    if (fifo == null) {
      return out;
    }
    String dedup = FifoIds.move("dl", id, sqsId);
    return out.fifo(FifoIds.deadLetterGroup(dedup), dedup);
  }

  /** Whether a lane hands out one job at a time (FIFO, one group per queue). */
  boolean oneInFlightPerLane() {
    return config.fifo() && config.fifoGroup() == SqsBrokerConfig.FifoGroup.QUEUE;
  }

  /**
   * The SQS form of a message, refused when it does not fit an SQS message. A message with a
   * delay gets the first hop of it as its DelaySeconds.
   */
  SqsCalls.Outgoing outgoing(byte[] body, Meta meta) {
    String text = Codec.body(body);
    var attributes = Codec.attributes(meta);
    long size = Codec.size(text, attributes);
    if (size > config.sqsMessageLimit()) {
      throw PayloadLimit.tooLarge("SQS broker", "job " + meta.id() + " in SQS form (body in"
          + " Base64 plus headers)", size, config.sqsMessageLimit(), "option sqsMessageLimit;"
          + " shrink its headers or body");
    }
    Duration delay = meta.delay();
    return new SqsCalls.Outgoing(text, attributes, delay == null ? 0 : hop(delay), size);
  }

  /** The next delay step towards a due time {@code remaining} away: whole seconds, rounded up. */
  int hop(Duration remaining) {
    return DelayPlan.hopSeconds(remaining, config.maxDelayHop());
  }

  /** See {@code Broker.fetch}; the work is in {@link Fetcher}. */
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return fetcher.fetch(request);
  }

  /**
   * Asks for the receipt handles of killed workers, once, on the first fetch: they come here
   * once a worker's heartbeat is ownerTimeout old, and run here at once (adopted) or are made
   * visible, instead of waiting for their visibility timeout. Only a process that fetches asks,
   * so a dead worker's messages go to a process that can run them rather than to a producer
   * (which could only put them behind a backlog).
   */
  void listenForOrphans() {
    if (listening.compareAndSet(false, true)) {
      liveIds.onOrphans(adopter::orphans);
    }
  }

  /** Starts the delay pump of {@code q} once per broker. */
  void pump(QueueUrls q) {
    if (!closed) {
      pumps.computeIfAbsent(q.queue(), k -> new DelayPump(this, q).start());
    }
  }

  /** See {@code Broker.ack}. */
  public boolean ack(Delivery d) {
    return settler.ack(d);
  }

  /** See {@code Broker.release}. */
  public boolean release(Delivery d, Duration delay) {
    return settler.release(d, delay);
  }

  /** See {@code Broker.extendLease}. */
  public boolean extendLease(Delivery d, Duration lease) {
    return settler.extendLease(d, lease);
  }

  /** See {@code Broker.extendLeases}: {@code ChangeMessageVisibilityBatch}, ten per request. */
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    return settler.extendLeases(deliveries, lease);
  }

  /** See {@code Broker.deadLetter}. */
  public boolean deadLetter(Delivery d, JobFailure failure) {
    return settler.deadLetter(d, failure);
  }

  /** Whether {@link #close()} was called. */
  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    pumps.values().forEach(DelayPump::stop);
    fetcher.close();
    settler.close();
    io.shutdownNow();
    liveIds.close();
  }
}
