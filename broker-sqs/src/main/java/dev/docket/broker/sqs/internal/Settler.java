package dev.docket.broker.sqs.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.JobFailure;
import dev.docket.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles deliveries: ack (delete), release (visibility 0, or a copy through the delay queue),
 * lease extension (visibility change) and dead-lettering. Single calls share batch requests
 * through {@link Batcher}s; {@link #extendLeases} batches by itself. Thread-safe.
 */
final class Settler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);

  /** At most this many visibility batches of one {@link #extendLeases} call run at once. */
  private static final int EXTEND_PARALLELISM = 8;

  private final SqsCore core;
  private final ConcurrentMap<String, Batcher<String, Boolean>> deleters =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Batcher<SqsCalls.Visibility, Boolean>> visibilities =
      new ConcurrentHashMap<>();

  Settler(SqsCore core) {
    this.core = core;
  }

  private @Nullable LeaseToken current(Delivery d) {
    LeaseToken token = parse(d);
    return core.leases.current(token) ? token : null;
  }

  private static LeaseToken parse(Delivery d) {
    try {
      return LeaseToken.parse(d.leaseToken());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("delivery " + d.id() + " of queue '" + d.queue()
          + "' was not handed out by an SQS broker: " + e.getMessage(), e);
    }
  }

  private String laneUrl(Delivery d) {
    return SqsCalls.call("find the lane of '" + d.queue() + "'",
        () -> core.topology.lane(core.topology.of(d.queue()), core.topology.band(d.priority())));
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
        "docket-sqs-delete", 2, core.config.batchLinger(), batch -> core.calls.delete(u, batch)));
    return join(() -> b.call(receipt));
  }

  private boolean changeVisibility(String url, String receipt, int seconds) {
    Batcher<SqsCalls.Visibility, Boolean> b = visibilities.computeIfAbsent(url, u ->
        new Batcher<>("docket-sqs-visibility", 2, core.config.batchLinger(),
            batch -> core.calls.changeVisibility(u, batch)));
    return join(() -> b.call(new SqsCalls.Visibility(receipt, seconds)));
  }

  boolean ack(Delivery d) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    return deleteForGood(d, token);
  }

  /** Now by visibility 0, later by a copy through the delay queue (then a delete). */
  boolean release(Delivery d, Duration delay) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    boolean ok;
    if (!delay.isPositive()) {
      ok = changeVisibility(laneUrl(d), token.receiptHandle(), 0);
    } else {
      Instant now = core.clock.instant();
      Meta meta = new Meta(d.id(), d.headers(), d.priority(), d.enqueuedAt(), d.deliveryCount(),
          delay, null);
      QueueUrls q = core.topology.of(d.queue());
      core.sends.sendAllOrThrow(List.of(new Sends.Target(q.delay(),
          core.outgoing(d.body(), meta))));
      ok = delete(laneUrl(d), token.receiptHandle());
      if (ok) {
        core.liveIds.keep(d.queue(), d.id(), core.liveUntil(delay, now));
      }
    }
    core.held.release(SqsCore.ref(laneUrl(d), token.receiptHandle()));
    if (ok) {
      core.leases.settled(token);
    }
    return ok;
  }

  /** Never beyond 12 hours after the receive (the SQS cap). */
  boolean extendLease(Delivery d, Duration lease) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    long now = core.clock.millis();
    int seconds = leaseSeconds(d, token, lease, now);
    if (seconds < 1) {
      return false;
    }
    boolean ok = changeVisibility(laneUrl(d), token.receiptHandle(), seconds);
    if (ok) {
      core.leases.extended(token, now + seconds * 1000L);
    }
    return ok;
  }

  /** The visibility to ask for, capped at 12 h after the receive; 0 when past the cap. */
  private static int leaseSeconds(Delivery d, LeaseToken token, Duration lease, long now) {
    long capSeconds = SqsCalls.MAX_VISIBILITY_SECONDS - (now - token.receivedAtMillis()) / 1000;
    if (capSeconds < 1) {
      LOG.warn("Lease of job {} in queue '{}' cannot be extended: SQS keeps a message invisible"
          + " for at most 12 hours after it was received", d.id(), d.queue());
      return 0;
    }
    return (int) Math.min(capSeconds, Math.max(1, SqsCalls.ceilSeconds(lease)));
  }

  private record Extension(int index, LeaseToken token, int seconds) {}

  /**
   * Every lease in {@code ChangeMessageVisibilityBatch} requests of ten, grouped by lane, several
   * requests at once; answers in order. A token this broker knows is stale, or a receipt handle
   * SQS refuses, answers false. An entry SQS could not change for a transient reason (or a failed
   * request) makes the whole call throw {@link BrokerUnavailableException} after every other
   * entry was tried; the caller extends again on its next period.
   */
  List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    Boolean[] answers = new Boolean[deliveries.size()];
    java.util.Arrays.fill(answers, false);
    long now = core.clock.millis();
    Map<String, List<Extension>> byLane = new LinkedHashMap<>();
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery d = deliveries.get(i);
      LeaseToken token = current(d);
      int seconds = token == null ? 0 : leaseSeconds(d, token, lease, now);
      if (token != null && seconds >= 1) {
        byLane.computeIfAbsent(laneUrl(d), k -> new ArrayList<>())
            .add(new Extension(i, token, seconds));
      }
    }
    List<Future<@Nullable RuntimeException>> requests = new ArrayList<>();
    java.util.concurrent.Semaphore permits =
        new java.util.concurrent.Semaphore(EXTEND_PARALLELISM);
    for (Map.Entry<String, List<Extension>> e : byLane.entrySet()) {
      List<Extension> all = e.getValue();
      for (int from = 0; from < all.size(); from += Batcher.MAX_BATCH) {
        List<Extension> batch = all.subList(from, Math.min(all.size(), from + Batcher.MAX_BATCH));
        requests.add(core.io.submit(() -> {
          permits.acquire();
          try {
            return extendBatch(e.getKey(), batch, answers, now);
          } finally {
            permits.release();
          }
        }));
      }
    }
    RuntimeException failure = null;
    for (Future<@Nullable RuntimeException> f : requests) {
      try {
        RuntimeException r = f.get();
        failure = failure == null ? r : failure;
      } catch (ExecutionException ex) {
        failure = failure == null ? SqsCalls.unwrap("extending leases", ex.getCause()) : failure;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new BrokerUnavailableException("interrupted while extending leases", ex);
      }
    }
    if (failure != null) {
      throw failure instanceof BrokerUnavailableException ? failure
          : new BrokerUnavailableException("extending leases failed: " + failure.getMessage(),
              failure);
    }
    return Collections.unmodifiableList(java.util.Arrays.asList(answers));
  }

  /** One request; fills the answers of its entries; the failure to report, if any. */
  private @Nullable RuntimeException extendBatch(String url, List<Extension> batch,
      Boolean[] answers, long now) {
    List<EntryResult> results;
    try {
      results = core.calls.changeVisibilityResults(url, batch.stream()
          .map(x -> new SqsCalls.Visibility(x.token().receiptHandle(), x.seconds())).toList());
    } catch (RuntimeException e) {
      return e;
    }
    RuntimeException failure = null;
    for (int k = 0; k < batch.size(); k++) {
      Extension x = batch.get(k);
      EntryResult r = results.get(k);
      if (r.ok()) {
        answers[x.index()] = true;
        core.leases.extended(x.token(), now + x.seconds() * 1000L);
      } else if (!r.permanent() && failure == null) {
        failure = new BrokerUnavailableException("SQS could not extend a lease in "
            + SqsCalls.name(url) + ": " + r.describe());
      }
    }
    return failure;
  }

  /** A copy with the failure into the DLQ, then delete. */
  boolean deadLetter(Delivery d, JobFailure failure) {
    LeaseToken token = current(d);
    if (token == null) {
      return false;
    }
    QueueUrls q = core.topology.of(d.queue());
    Meta meta = new Meta(d.id(), d.headers(), d.priority(), d.enqueuedAt(), d.deliveryCount(),
        null, null);
    core.sends.sendAllOrThrow(List.of(new Sends.Target(q.dlq(), core.toDeadLetters(
        DeadLetterQueues.fit(core, d.body(), meta, failure), d.id(), token.messageId()))));
    return deleteForGood(d, token);
  }

  /**
   * Deletes the leased copy of a job that is done with (acked or dead-lettered) and lets its id
   * go: the lease's run claim always, the live id once the delete took.
   */
  private boolean deleteForGood(Delivery d, LeaseToken token) {
    boolean ok = delete(laneUrl(d), token.receiptHandle());
    core.held.release(SqsCore.ref(laneUrl(d), token.receiptHandle()));
    if (ok) {
      core.leases.settled(token);
      core.liveIds.remove(d.queue(), d.id());
    }
    return ok;
  }

  @Override
  public void close() {
    deleters.values().forEach(Batcher::close);
    visibilities.values().forEach(Batcher::close);
  }
}
