package dev.docket.broker.redis.internal;

import dev.docket.spi.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * One single-queue fetch of {@link Fetcher} that may be pushed jobs: its waiter id (unique within
 * the broker), whether {@code reserve.lua} has it registered in the queue's waiters, and the
 * jobs pushed to it so far. Its flags are the fetch thread's own; {@link #registered} is also
 * read by {@link Fetcher#close} on another thread.
 */
final class PushWaiter {
  final String id;
  final String queue;
  final long leaseMs;
  final Slot slot = new Slot();
  /** Registered in the queue's waiters (read by {@link Fetcher#close} from another thread). */
  volatile boolean registered;
  /** The last reserve found this fetch gone from the waiters: a push was sent. */
  boolean pushed;
  /** A push was sent and not seen within the grace. */
  boolean stale;

  PushWaiter(String id, String queue, long leaseMs) {
    this.id = id;
    this.queue = queue;
    this.leaseMs = leaseMs;
  }

  /** The waiters-set member {@code "<waiter>|<lease ms>|<owner>"} (see {@code reserve.lua}). */
  byte[] member(String owner) {
    return QueueOps.utf8(id + "|" + leaseMs + "|" + owner);
  }

  /**
   * Pushed jobs for one fetch, until it ends; filled on the pub/sub event loop, emptied by the
   * fetch thread. Once closed it takes nothing more: the caller hands such a push back.
   */
  static final class Slot {
    private final List<Delivery> got = new ArrayList<>();
    private boolean closed;

    synchronized boolean offer(Delivery d) {
      if (closed) {
        return false;
      }
      got.add(d);
      return true;
    }

    synchronized boolean ready() {
      return !got.isEmpty();
    }

    synchronized List<Delivery> take() {
      List<Delivery> out = List.copyOf(got);
      got.clear();
      return out;
    }

    synchronized List<Delivery> close() {
      closed = true;
      return take();
    }
  }
}
