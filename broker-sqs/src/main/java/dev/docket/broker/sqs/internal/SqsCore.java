package dev.docket.broker.sqs.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.JobFailure;
import dev.docket.PayloadTooLargeException;
import dev.docket.broker.sqs.SqsBrokerConfig;
import dev.docket.spi.Capabilities;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS broker's behaviour behind {@code dev.docket.broker.sqs.SqsBroker}: publish, fetch and
 * settle. Fetching lives in {@link Fetcher}, queue admin in {@link QueueAdmin}, dead letters in
 * {@link DeadLetterQueues}, long delays in {@link DelayPump}. Thread-safe.
 */
public final class SqsCore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqsCore.class);

  /** At most this many batch sends of one publish run at once. */
  private static final int SEND_PARALLELISM = 16;

  final SqsBrokerConfig config;
  final Clock clock;
  final SqsCalls calls;
  final Topology topology;
  final LeaseBook leases = new LeaseBook();
  final LiveIdGuard liveIds;
  final Signal signal = new Signal();
  final Capabilities capabilities;
  /** Group and de-duplication ids; null on standard queues. */
  final @Nullable FifoIds fifo;
  final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore sendPermits = new Semaphore(SEND_PARALLELISM);
  private final ConcurrentMap<String, Batcher<String, Boolean>> deleters =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Batcher<SqsCalls.Visibility, Boolean>> visibilities =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, DelayPump> pumps = new ConcurrentHashMap<>();
  private final Fetcher fetcher;
  private volatile boolean closed;

  /**
   * A core over an open client; closing the core does not close the client but closes {@code
   * liveIds}. {@code liveIds} null: this process's own ids only.
   */
  public SqsCore(SqsClient sqs, SqsBrokerConfig config, @Nullable LiveIdGuard liveIds) {
    this.config = config;
    this.clock = config.clock();
    this.calls = new SqsCalls(sqs);
    this.topology = new Topology(sqs, new SqsNames(config.queuePrefix(), config.fifo()),
        config.priorityBands(), config.maxReceiveCount());
    this.fifo = config.fifo() ? new FifoIds(config.fifoGroup()) : null;
    this.liveIds = liveIds != null ? liveIds : new LiveIds();
    // fifo stays false on FIFO queues too: with one group per job SQS orders nothing between
    // jobs, and with one group per queue the next job is not fetchable while one is leased,
    // while R5.5 leases twenty in a row and expects them in order. See the README.
    this.capabilities = new Capabilities(config.priorityBands() > 1, config.priorityBands(),
        false, WireFormat.maxBodyBytes(config.sqsMessageLimit()), Duration.ofDays(365),
        Duration.ofSeconds(2), false, false, Duration.ofSeconds(1));
    this.fetcher = new Fetcher(this);
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

  // ---- publish ----

  /** See {@code Broker.publish}. */
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    long maxBody = capabilities.maxMessageBytes();
    for (Message m : messages) {
      if (m.body().length > maxBody) {
        throw new PayloadTooLargeException("message " + m.id() + " for queue '" + queue + "' has a"
            + " body of " + m.body().length + " bytes; the SQS broker accepts at most " + maxBody
            + " bytes (sqsMessageLimit " + config.sqsMessageLimit() + " minus Base64 and "
            + WireFormat.ATTRIBUTE_RESERVE + " bytes for attributes); nothing was enqueued");
      }
    }
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> topology.of(queue));
    Instant now = clock.instant();
    List<PendingSend> pending = new ArrayList<>();
    for (Message m : messages) {
      Instant due = m.notBefore() != null && m.notBefore().isAfter(now) ? m.notBefore() : null;
      Meta meta = new Meta(m.id(), m.headers(), m.priority(), now, 0, due, null);
      pending.add(new PendingSend(m.id(), meta, outgoing(m.body(), meta, now)));
    }
    List<PublishOutcome> outcomes = new ArrayList<>();
    List<PendingSend> accepted = new ArrayList<>();
    long nowMillis = now.toEpochMilli();
    for (PendingSend p : pending) {
      if (liveIds.claim(queue, p.id(), nowMillis, liveUntil(p.meta().due(), now))) {
        outcomes.add(PublishOutcome.ACCEPTED);
        accepted.add(p);
      } else {
        outcomes.add(PublishOutcome.DUPLICATE);
      }
    }
    try {
      sendAll(q, accepted);
    } catch (RuntimeException e) {
      accepted.forEach(p -> liveIds.release(queue, p.id()));
      throw e;
    }
    signal.fire();
    return outcomes;
  }

  /** A claim lasts the de-duplication window past the message's due time. */
  long liveUntil(@Nullable Instant due, Instant now) {
    Instant from = due != null && due.isAfter(now) ? due : now;
    return from.plus(config.dedupWindow()).toEpochMilli();
  }

  private record PendingSend(String id, Meta meta, SqsCalls.Outgoing out) {}

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

  /** The SQS form of a message, refused when it does not fit an SQS message. */
  SqsCalls.Outgoing outgoing(byte[] body, Meta meta, Instant now) {
    String text = WireFormat.body(body);
    var attributes = WireFormat.attributes(meta);
    long size = WireFormat.size(text, attributes);
    if (size > config.sqsMessageLimit()) {
      throw new PayloadTooLargeException("message " + meta.id() + " would be " + size + " bytes in"
          + " SQS (body in Base64 plus headers), over the sqsMessageLimit of "
          + config.sqsMessageLimit() + " bytes; shrink its headers or body; nothing was enqueued");
    }
    int delay = meta.due() == null ? 0 : hop(Duration.between(now, meta.due()));
    return new SqsCalls.Outgoing(text, attributes, delay, size);
  }

  /** The next delay step towards a due time {@code remaining} away: whole seconds, rounded up. */
  int hop(Duration remaining) {
    return DelayPlan.hopSeconds(remaining, config.maxDelayHop());
  }

  private void sendAll(QueueUrls q, List<PendingSend> accepted) {
    Map<String, List<SqsCalls.Outgoing>> byUrl = new LinkedHashMap<>();
    for (PendingSend p : accepted) {
      boolean delayed = p.meta().due() != null;
      String url = delayed ? q.delay()
          : SqsCalls.call("create a lane of '" + q.queue() + "'",
              () -> topology.lane(q, topology.band(p.meta().priority())));
      SqsCalls.Outgoing out = delayed || fifo == null ? p.out()
          : toLane(p.out(), q.queue(), p.id(), FifoIds.enqueue(p.id()));
      byUrl.computeIfAbsent(url, k -> new ArrayList<>()).add(out);
    }
    send(byUrl);
  }

  /**
   * Sends messages in batches of ten within the SQS size limit, several batches at once; with
   * one group per FIFO lane the batches of a lane go one after the other, so the lane keeps the
   * publish order.
   */
  void send(Map<String, List<SqsCalls.Outgoing>> byUrl) {
    List<Future<boolean[]>> futures = new ArrayList<>();
    boolean ordered = oneInFlightPerLane();
    for (Map.Entry<String, List<SqsCalls.Outgoing>> e : byUrl.entrySet()) {
      List<List<SqsCalls.Outgoing>> batches = chunks(e.getValue());
      List<List<List<SqsCalls.Outgoing>>> tasks = ordered ? List.of(batches)
          : batches.stream().map(List::of).toList();
      for (List<List<SqsCalls.Outgoing>> task : tasks) {
        futures.add(io.submit(() -> {
          sendPermits.acquire();
          try {
            List<Boolean> ok = new ArrayList<>();
            for (List<SqsCalls.Outgoing> batch : task) {
              for (boolean b : calls.send(e.getKey(), batch)) {
                ok.add(b);
              }
            }
            boolean[] out = new boolean[ok.size()];
            for (int i = 0; i < out.length; i++) {
              out[i] = ok.get(i);
            }
            return out;
          } finally {
            sendPermits.release();
          }
        }));
      }
    }
    int refused = 0;
    RuntimeException failure = null;
    for (Future<boolean[]> f : futures) {
      try {
        for (boolean ok : f.get()) {
          refused += ok ? 0 : 1;
        }
      } catch (ExecutionException e) {
        failure = SqsCalls.unwrap("sending to SQS", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new BrokerUnavailableException("interrupted while sending to SQS", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (refused > 0) {
      throw new DocketException(refused + " message(s) were refused by SQS; the others were"
          + " stored");
    }
  }

  private List<List<SqsCalls.Outgoing>> chunks(List<SqsCalls.Outgoing> all) {
    List<List<SqsCalls.Outgoing>> out = new ArrayList<>();
    List<SqsCalls.Outgoing> cur = new ArrayList<>();
    long bytes = 0;
    for (SqsCalls.Outgoing o : all) {
      if (!cur.isEmpty() && (cur.size() == Batcher.MAX_BATCH
          || bytes + o.size() > config.sqsMessageLimit())) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(o);
      bytes += o.size();
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  // ---- fetch ----

  /** See {@code Broker.fetch}; the work is in {@link Fetcher}. */
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return fetcher.fetch(request);
  }

  /** Starts the delay pump of {@code q} once per broker. */
  void pump(QueueUrls q) {
    if (!closed) {
      pumps.computeIfAbsent(q.queue(), k -> new DelayPump(this, q).start());
    }
  }

  // ---- settle ----

  private @Nullable LeaseToken current(Delivery d) {
    LeaseToken token;
    try {
      token = LeaseToken.parse(d.leaseToken());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("delivery " + d.id() + " of queue '" + d.queue()
          + "' was not handed out by an SQS broker: " + e.getMessage(), e);
    }
    return leases.current(token) ? token : null;
  }

  private String laneUrl(Delivery d) {
    return SqsCalls.call("find the lane of '" + d.queue() + "'",
        () -> topology.lane(topology.of(d.queue()), topology.band(d.priority())));
  }

  private static <T> T join(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (CompletionException e) {
      throw SqsCalls.unwrap("an SQS batch request", e.getCause());
    }
  }

  private boolean delete(String url, String receipt) {
    Batcher<String, Boolean> b = deleters.computeIfAbsent(url, u -> new Batcher<>(
        "docket-sqs-delete", 2, config.batchLinger(), batch -> calls.delete(u, batch)));
    return join(() -> b.call(receipt));
  }

  private boolean changeVisibility(String url, String receipt, int seconds) {
    Batcher<SqsCalls.Visibility, Boolean> b = visibilities.computeIfAbsent(url, u ->
        new Batcher<>("docket-sqs-visibility", 2, config.batchLinger(),
            batch -> calls.changeVisibility(u, batch)));
    return join(() -> b.call(new SqsCalls.Visibility(receipt, seconds)));
  }

  /** See {@code Broker.ack}. */
  public boolean ack(Delivery d) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    boolean ok = delete(laneUrl(d), token.receiptHandle());
    if (ok) {
      leases.settled(token);
      liveIds.release(d.queue(), d.id());
    }
    return ok;
  }

  /** See {@code Broker.release}: now by visibility 0, later by a copy through the delay queue. */
  public boolean release(Delivery d, Duration delay) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    boolean ok;
    if (!delay.isPositive()) {
      ok = changeVisibility(laneUrl(d), token.receiptHandle(), 0);
    } else {
      Instant now = clock.instant();
      Meta meta = new Meta(d.id(), d.headers(), d.priority(), d.enqueuedAt(), d.deliveryCount(),
          now.plus(delay), null);
      QueueUrls q = topology.of(d.queue());
      send(Map.of(q.delay(), List.of(outgoing(d.body(), meta, now))));
      ok = delete(laneUrl(d), token.receiptHandle());
      if (ok) {
        liveIds.mark(d.queue(), d.id(), now.toEpochMilli(), liveUntil(meta.due(), now));
      }
    }
    if (ok) {
      leases.settled(token);
    }
    return ok;
  }

  /** See {@code Broker.extendLease}; never beyond 12 hours after the receive (the SQS cap). */
  public boolean extendLease(Delivery d, Duration lease) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    long now = clock.millis();
    long capSeconds = SqsCalls.MAX_VISIBILITY_SECONDS - (now - token.receivedAtMillis()) / 1000;
    if (capSeconds < 1) {
      LOG.warn("Lease of job {} in queue '{}' cannot be extended: SQS keeps a message invisible"
          + " for at most 12 hours after it was received", d.id(), d.queue());
      return false;
    }
    int seconds = (int) Math.min(capSeconds, Math.max(1, SqsCalls.ceilSeconds(lease)));
    boolean ok = changeVisibility(laneUrl(d), token.receiptHandle(), seconds);
    if (ok) {
      leases.extended(token, now + seconds * 1000L);
    }
    return ok;
  }

  /** See {@code Broker.deadLetter}: a copy with the failure into the DLQ, then delete. */
  public boolean deadLetter(Delivery d, JobFailure failure) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    QueueUrls q = topology.of(d.queue());
    Instant now = clock.instant();
    Meta meta = new Meta(d.id(), d.headers(), d.priority(), d.enqueuedAt(), d.deliveryCount(),
        null, null);
    send(Map.of(q.dlq(), List.of(toDeadLetters(
        DeadLetterQueues.fit(this, d.body(), meta, failure, now), d.id(), token.messageId()))));
    boolean ok = delete(laneUrl(d), token.receiptHandle());
    if (ok) {
      leases.settled(token);
      liveIds.release(d.queue(), d.id());
    }
    return ok;
  }

  /** Whether {@link #close()} was called. */
  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    pumps.values().forEach(DelayPump::stop);
    deleters.values().forEach(Batcher::close);
    visibilities.values().forEach(Batcher::close);
    io.shutdownNow();
    liveIds.close();
  }
}
