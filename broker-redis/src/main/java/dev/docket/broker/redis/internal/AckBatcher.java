package dev.docket.broker.redis.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.spi.Delivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Combines concurrent acks into one script call per queue: while a batch is
 * on the wire, acks that arrive queue up, and the reply to a batch sends the next one straight
 * from the driver's thread and completes each caller's ack there (no flushing thread to wake
 * first). No timer and no added wait when idle: a lone ack goes out at once. Each
 * ack still checks its own lease token, and a caller returns only once its ack's script ran.
 * Thread-safe.
 */
public final class AckBatcher {

  private static final int MAX_BATCH = 500;

  /**
   * Batches on the wire at once. One measured best: more in flight split the acks into smaller
   * batches (more scripts per job) without raising throughput.
   */
  private static final int IN_FLIGHT = 1;

  /** The longest a caller waits: past the driver's own command timeout. */
  private static final long WAIT_SECONDS = 60;

  private record Pending(Delivery delivery, CompletableFuture<Boolean> result) {}

  private final QueueOps ops;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /** Acks through {@code ops}. */
  public AckBatcher(QueueOps ops) {
    this.ops = ops;
  }

  /** Acks one delivery (possibly together with others); true when its token held the lease. */
  public boolean ack(Delivery delivery) {
    Pending p = new Pending(delivery, new CompletableFuture<>());
    pending.add(p);
    send();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (TimeoutException e) {
          throw new BrokerUnavailableException("no answer from Redis to an ack within "
              + WAIT_SECONDS + " s", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sends queued acks while fewer than {@code IN_FLIGHT} batches are out. Callers run it after
   * queueing and completions run it after counting down, so a queued ack is never stranded: either
   * the queuer sees a free place or the completion that frees one sees the ack.
   */
  private void send() {
    while (!pending.isEmpty()) {
      int n = inFlight.get();
      if (n >= IN_FLIGHT) {
        return;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        sendBatch();
      }
    }
  }

  private void sendBatch() {
    Map<String, List<Pending>> byQueue = new LinkedHashMap<>();
    int n = 0;
    for (Pending p; n < MAX_BATCH && (p = pending.poll()) != null; n++) {
      byQueue.computeIfAbsent(p.delivery().queue(), q -> new ArrayList<>()).add(p);
    }
    if (byQueue.isEmpty()) {
      done();
      return;
    }
    AtomicInteger left = new AtomicInteger(byQueue.size());
    for (Map.Entry<String, List<Pending>> e : byQueue.entrySet()) {
      List<Pending> batch = e.getValue();
      CompletableFuture<List<Object>> sent;
      try {
        byte[][] args = new byte[batch.size() * 2][];
        for (int i = 0; i < batch.size(); i++) {
          args[2 * i] = QueueOps.utf8(batch.get(i).delivery().id());
          args[2 * i + 1] = QueueOps.utf8(batch.get(i).delivery().leaseToken());
        }
        sent = ops.runListAsync(QueueOps.ACK, e.getKey(), args);
      } catch (RuntimeException ex) {
        sent = CompletableFuture.failedFuture(ex);
      }
      var unused = sent.whenComplete((out, ex) -> {
        try {
          for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Boolean> r = batch.get(i).result();
            if (ex != null) {
              r.completeExceptionally(ex);
            } else {
              r.complete(((Long) out.get(i)) == 1L);
            }
          }
        } finally {
          if (left.decrementAndGet() == 0) {
            done();
          }
        }
      });
    }
  }

  private void done() {
    inFlight.decrementAndGet();
    send();
  }
}
