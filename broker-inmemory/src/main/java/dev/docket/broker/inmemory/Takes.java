package dev.docket.broker.inmemory;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one fetch of {@link InMemoryBroker} takes, and when the next one could find something:
 * the broker's fetch loop waits on its lock between calls. Call under the broker's lock.
 */
final class Takes {
  private Takes() {}

  /**
   * Leases up to {@code request.maxMessages()} ready entries, in the request's queue order then
   * each queue's priority order, with tokens from {@code tokens}; injected faults apply here.
   */
  static List<Delivery> take(Map<String, QueueState> queues, FetchRequest request, Instant now,
      Faults faults, Supplier<String> tokens) {
    List<Delivery> out = new ArrayList<>();
    for (String name : request.queues()) {
      QueueState q = queues.get(name);
      if (q == null) {
        continue;
      }
      q.promote(now);
      while (out.size() < request.maxMessages() && !q.ready.isEmpty()) {
        Entry e = q.ready.first();
        q.removeReady(e);
        e.deliveryCount++;
        String token = tokens.get();
        Instant expires = now.plus(request.lease());
        q.addLeased(e, token, expires);
        Delivery d = new Delivery(name, e.id, e.body.clone(), e.headers, e.priority,
            e.deliveryCount, e.enqueuedAt, token, expires);
        if (faults.take(Fault.CRASH_AFTER_RECEIVE)) {
          continue;
        }
        if (faults.take(Fault.DUPLICATE_DELIVERY)) {
          // Hand out a copy under a lease nobody holds, and the original again on the next fetch.
          q.removeLeased(token);
          q.addReady(e, now);
          e.deliveryCount--;
          out.add(d);
          return out;
        }
        out.add(d);
      }
      if (out.size() >= request.maxMessages()) {
        break;
      }
    }
    return out;
  }

  /** The earliest due or lease-expiry instant among {@code names}, or null when none. */
  static @Nullable Instant nextEvent(Map<String, QueueState> queues, List<String> names) {
    Instant next = null;
    for (String name : names) {
      QueueState q = queues.get(name);
      Instant n = q == null ? null : q.nextEvent();
      if (n != null && (next == null || n.isBefore(next))) {
        next = n;
      }
    }
    return next;
  }
}
