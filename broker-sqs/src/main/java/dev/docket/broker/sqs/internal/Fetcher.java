package dev.docket.broker.sqs.internal;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases messages for {@code Broker.fetch}: lanes of earlier queues first, higher bands first
 * inside a queue, ten per receive and up to {@value #MAX_PARALLEL_RECEIVES} receives of a lane
 * side by side. A fetch over one lane long-polls (it returns as soon as a message is there); over
 * several it short-polls them in order and waits {@code pollInterval}, or until this process
 * publishes, between passes. An interrupted fetch hands back whatever it leased.
 *
 * <p>Messages this process adopted from a dead worker ({@link Adopter}) wait here, already
 * leased to this process, and the next fetch of their queue returns them before anything else
 * (a fetch that is long-polling is woken for them).
 */
final class Fetcher {

  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

  /** At most this many receives of one lane run side by side in one fetch. */
  static final int MAX_PARALLEL_RECEIVES = 4;

  /** A queue fetched within this long counts as fetched here: adopted messages of it wait. */
  private static final long RECENT_NANOS = 60_000_000_000L;

  /** An adopted delivery waiting for a fetch, and its reference in {@link HeldRefs}. */
  record Adopted(Delivery delivery, String ref) {}

  private final SqsCore core;
  private final ConcurrentMap<String, ConcurrentLinkedQueue<Adopted>> adopted =
      new ConcurrentHashMap<>();
  /** Per queue: when a fetch of it last started, and the lease it asked for. */
  private final ConcurrentMap<String, long[]> fetched = new ConcurrentHashMap<>();
  /** Long polls in progress, completed to wake them when messages are adopted. */
  private final Set<Wake> waiting = ConcurrentHashMap.newKeySet();
  /** Receives handed back before a caller saw them: not deliveries of their jobs. */
  private final UnseenReceives unseen = new UnseenReceives();

  /** One waiting long poll (identity equality, unlike a future). */
  private static final class Wake {
    final CompletableFuture<@Nullable Void> signal = new CompletableFuture<>();
  }

  Fetcher(SqsCore core) {
    this.core = core;
  }

  /**
   * The lease, in seconds, that a message of {@code queue} adopted now gets: that of the last
   * fetch of the queue, or 0 when this process did not fetch it lately (a producer: adopted
   * messages would wait for a fetch that never comes).
   */
  int adoptLeaseSeconds(String queue) {
    long[] f = fetched.get(queue);
    return f == null || core.time.nanoTime() - f[0] > RECENT_NANOS ? 0 : (int) f[1];
  }

  /** Queues {@code list} for the next fetches of their queues and wakes waiting fetches. */
  void adopt(List<Adopted> list) {
    for (Adopted a : list) {
      adopted.computeIfAbsent(a.delivery().queue(), k -> new ConcurrentLinkedQueue<>()).add(a);
    }
    core.signal.fire();
    waiting.forEach(w -> w.signal.complete(null));
  }

  private boolean hasAdopted(String queue) {
    ConcurrentLinkedQueue<Adopted> q = adopted.get(queue);
    return q != null && !q.isEmpty();
  }

  /**
   * Up to {@code max} adopted deliveries of {@code queues}. One whose lease is about to end is
   * dropped: SQS hands it out again, and handing it out here too would run it twice at once.
   */
  private List<Delivery> takeAdopted(List<String> queues, int max) {
    List<Delivery> out = new ArrayList<>();
    long now = core.clock.millis();
    for (String name : queues) {
      ConcurrentLinkedQueue<Adopted> q = adopted.get(name);
      Adopted a;
      while (q != null && out.size() < max && (a = q.poll()) != null) {
        if (a.delivery().leaseExpiresAt().toEpochMilli() - now < 1000) {
          core.held.release(a.ref());
          continue;
        }
        out.add(a.delivery());
      }
    }
    return out;
  }

  /** Hands back what was adopted and not fetched (the broker closes). */
  void close() {
    for (ConcurrentLinkedQueue<Adopted> q : adopted.values()) {
      List<Delivery> left = new ArrayList<>();
      Adopted a;
      while ((a = q.poll()) != null) {
        left.add(a.delivery());
      }
      handBack(left);
    }
  }

  /** See {@code Broker.fetch}. */
  List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("fetch interrupted");
    }
    long deadline = core.time.nanoTime() + request.maxWait().toNanos();
    List<QueueUrls> queues = new ArrayList<>();
    for (String name : request.queues()) {
      QueueUrls q = SqsCalls.call("declare queue '" + name + "'", () -> core.topology.of(name));
      queues.add(q);
      core.pump(q);
    }
    int leaseSeconds = Math.max(1, Math.min(SqsCalls.MAX_VISIBILITY_SECONDS,
        SqsCalls.ceilSeconds(request.lease())));
    // One group per FIFO lane: one job per lane per fetch. SQS would hand out up to ten of the
    // group in one receive, and the worker would run them side by side, out of strict order.
    int perLane = core.oneInFlightPerLane() ? 1 : Integer.MAX_VALUE;
    long started = core.time.nanoTime();
    for (String name : request.queues()) {
      fetched.put(name, new long[] {started, leaseSeconds});
    }
    core.listenForOrphans();
    while (true) {
      long seen = core.signal.version();
      List<Delivery> mine = takeAdopted(request.queues(), Math.min(perLane,
          request.maxMessages()));
      if (!mine.isEmpty()) {
        return mine;
      }
      long left = deadline - core.time.nanoTime();
      List<Topology.Lane> lanes = new ArrayList<>();
      QueueUrls only = null;
      for (QueueUrls q : queues) {
        for (Topology.Lane l : core.topology.lanes(q)) {
          lanes.add(l);
          only = q;
        }
      }
      if (lanes.size() == 1 && only != null && left >= 1_000_000_000L) {
        // One lane: a long poll returns at once when messages are there, so it replaces the
        // short poll and saves a request per fetch.
        int wait = (int) Math.min(20, left / 1_000_000_000L);
        List<Delivery> got = new ArrayList<>(longPoll(only, lanes.get(0),
            Math.min(perLane, request.maxMessages()), leaseSeconds, wait));
        if (got.size() == Batcher.MAX_BATCH && request.maxMessages() > got.size()) {
          // A full batch: more are likely waiting, take the rest of the request in parallel.
          try {
            got.addAll(pass(queues, request.maxMessages() - got.size(), leaseSeconds, perLane));
          } catch (InterruptedException e) {
            handBack(got);
            throw e;
          } catch (RuntimeException e) {
            LOG.debug("topping up a fetch from '{}' failed; returning what was leased",
                only.queue(), e);
          }
        }
        if (!got.isEmpty()) {
          return got;
        }
      } else {
        List<Delivery> got = pass(queues, request.maxMessages(), leaseSeconds, perLane);
        if (!got.isEmpty() || left <= 0) {
          return got;
        }
        core.signal.await(seen, Math.min(core.config.pollInterval().toNanos(), left));
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("fetch interrupted");
      }
    }
  }

  private List<Delivery> pass(List<QueueUrls> queues, int max, int leaseSeconds, int perLane)
      throws InterruptedException {
    List<Delivery> got = new ArrayList<>();
    for (QueueUrls q : queues) {
      for (Topology.Lane lane : core.topology.lanes(q)) {
        int fromLane = 0;
        while (got.size() < max && fromLane < perLane) {
          int remaining = Math.min(max - got.size(), perLane - fromLane);
          int asked = Math.min(remaining, Batcher.MAX_BATCH * MAX_PARALLEL_RECEIVES);
          List<Delivery> batch = receiveParallel(q, lane, asked, leaseSeconds, got);
          got.addAll(batch);
          fromLane += batch.size();
          if (Thread.interrupted()) {
            handBack(got);
            throw new InterruptedException("fetch interrupted");
          }
          if (batch.size() < asked) {
            break;
          }
        }
        if (got.size() >= max) {
          return got;
        }
      }
    }
    return got;
  }

  /**
   * Up to {@code asked} messages of one lane: one receive per ten, side by side (concurrent
   * pollers). On failure or interrupt whatever was leased, {@code earlier} included, goes back.
   */
  private List<Delivery> receiveParallel(QueueUrls q, Topology.Lane lane, int asked,
      int leaseSeconds, List<Delivery> earlier) throws InterruptedException {
    if (asked <= Batcher.MAX_BATCH) {
      return receive(q, lane, asked, leaseSeconds, 0);
    }
    List<Future<List<Delivery>>> polls = new ArrayList<>();
    for (int from = 0; from < asked; from += Batcher.MAX_BATCH) {
      int want = Math.min(Batcher.MAX_BATCH, asked - from);
      polls.add(core.io.submit(() -> receive(q, lane, want, leaseSeconds, 0)));
    }
    List<Delivery> out = new ArrayList<>();
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<List<Delivery>> f : polls) {
      while (true) {
        try {
          out.addAll(f.get());
          break;
        } catch (ExecutionException e) {
          failure = SqsCalls.unwrap("receiving from SQS", e.getCause());
          break;
        } catch (InterruptedException e) {
          interrupted = true; // collect the others' leases first, then hand everything back
        }
      }
    }
    if (failure != null || interrupted) {
      handBack(earlier);
      handBack(out);
      if (interrupted) {
        throw new InterruptedException("fetch interrupted");
      }
      throw failure;
    }
    return out;
  }

  /**
   * A long poll on a virtual thread, so an interrupt of the caller returns at once. The poll
   * itself is not interrupted: an HTTP exchange cut in the middle may already have made messages
   * invisible without telling us their receipt handles, which would strand them for a whole
   * lease. It runs to its end, and what it received goes to exactly one side: the caller when the
   * caller still waits, else back to SQS at once (visibility 0). The hand-off is one atomic
   * completion of {@code result}, so no message can fall between the two.
   */
  private List<Delivery> longPoll(QueueUrls q, Topology.Lane lane, int max, int leaseSeconds,
      int waitSeconds) throws InterruptedException {
    CompletableFuture<List<Delivery>> result = new CompletableFuture<>();
    core.io.execute(() -> {
      try {
        List<Delivery> got = receive(q, lane, max, leaseSeconds, waitSeconds);
        if (!result.complete(got)) {
          handBack(got); // the caller gave up first
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    Wake woken = new Wake();
    waiting.add(woken);
    if (hasAdopted(q.queue())) {
      woken.signal.complete(null);
    }
    try {
      CompletableFuture.anyOf(result, woken.signal).get();
      if (!result.isDone() && result.cancel(false)) {
        // Woken for adopted messages: they go first; what the poll still receives goes back.
        return List.of();
      }
      return result.get();
    } catch (InterruptedException e) {
      if (!result.cancel(false)) {
        // The poll finished first: its messages are ours to give back.
        try {
          handBack(result.getNow(List.of()));
        } catch (CompletionException | CancellationException ignored) {
          // it failed: nothing was leased
        }
      }
      throw e;
    } catch (ExecutionException e) {
      throw SqsCalls.unwrap("receiving from SQS", e.getCause());
    } finally {
      waiting.remove(woken);
    }
  }

  private List<Delivery> receive(QueueUrls q, Topology.Lane lane, int max, int leaseSeconds,
      int waitSeconds) {
    long start = core.clock.millis();
    var messages = core.calls.receive(lane.url(), max, waitSeconds, leaseSeconds);
    List<Delivery> out = new ArrayList<>(messages.size());
    List<HeldRefs.Entry> refs = new ArrayList<>(messages.size());
    long expires = start + leaseSeconds * 1000L;
    for (var m : messages) {
      LeaseToken token = LeaseToken.of(m.messageId(), start, m.receiptHandle());
      core.leases.leased(token, expires, start);
      Delivery d = Deliveries.of(q.queue(), lane.band(), core.topology.bands(), m,
          unseen.of(m.messageId()), token.raw(), Instant.ofEpochMilli(expires));
      refs.add(new HeldRefs.Entry(SqsCore.ref(lane.url(), m.receiptHandle()), d,
          m.messageId()));
      out.add(d);
    }
    if (!refs.isEmpty()) {
      try {
        // One store write per receive: if this process dies, a live one recovers these.
        core.held.hold(refs);
      } catch (RuntimeException e) {
        LOG.debug("could not record the receipt handles held; if this process dies they return"
            + " after their visibility timeout", e);
      }
    }
    return out;
  }

  private void handBack(List<Delivery> deliveries) {
    for (Delivery d : deliveries) {
      // No caller saw it, so SQS's count of this receive must not make it a delivery; counted
      // before the release, since a release that fails returns it after its lease all the same.
      try {
        unseen.add(LeaseToken.parse(d.leaseToken()).messageId());
      } catch (IllegalArgumentException e) {
        LOG.debug("hand-back of {}: not an SQS lease token, its receive stays counted", d.id());
      }
      try {
        core.release(d, Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("could not hand back {}; it returns after its lease", d.id(), e);
      }
    }
  }
}
