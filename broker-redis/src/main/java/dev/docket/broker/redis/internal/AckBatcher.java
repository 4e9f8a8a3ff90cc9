package dev.docket.broker.redis.internal;

import dev.docket.spi.Delivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Combines concurrent acks into one script call per queue: while one caller's script is in
 * flight, the acks that arrive queue up and the next caller sends them together. No timer and no
 * added wait when idle: a lone ack goes out at once. Each ack still checks its own lease token.
 * Thread-safe.
 */
public final class AckBatcher {

  private static final int MAX_BATCH = 500;

  private record Pending(Delivery delivery, CompletableFuture<Boolean> result) {}

  private final QueueOps ops;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean busy = new AtomicBoolean();

  /** Acks through {@code ops}. */
  public AckBatcher(QueueOps ops) {
    this.ops = ops;
  }

  /** Acks one delivery (possibly together with others); true when its token held the lease. */
  public boolean ack(Delivery delivery) {
    Pending p = new Pending(delivery, new CompletableFuture<>());
    pending.add(p);
    // Whoever finds nobody flushing flushes everything queued, and checks again after letting
    // go: an ack queued while it flushed either sees it busy (and is flushed here) or flushes
    // itself.
    while (!pending.isEmpty() && busy.compareAndSet(false, true)) {
      try {
        flush();
      } finally {
        busy.set(false);
      }
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.result().get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void flush() {
    Map<String, List<Pending>> byQueue = new LinkedHashMap<>();
    int n = 0;
    for (Pending p; n < MAX_BATCH && (p = pending.poll()) != null; n++) {
      byQueue.computeIfAbsent(p.delivery().queue(), q -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, List<Pending>> e : byQueue.entrySet()) {
      List<Pending> batch = e.getValue();
      try {
        byte[][] args = new byte[batch.size() * 2][];
        for (int i = 0; i < batch.size(); i++) {
          args[2 * i] = QueueOps.utf8(batch.get(i).delivery().id());
          args[2 * i + 1] = QueueOps.utf8(batch.get(i).delivery().leaseToken());
        }
        List<Object> out = ops.runList(QueueOps.ACK, e.getKey(), args);
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(((Long) out.get(i)) == 1L);
        }
      } catch (RuntimeException ex) {
        batch.forEach(p -> p.result().completeExceptionally(ex));
      }
    }
  }
}
