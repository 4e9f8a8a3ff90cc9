package dev.docket.broker.rabbitmq.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The lease table and its keeper. RabbitMQ hands an unacknowledged delivery back only when its
 * channel closes, so lease expiry is the library's job: a timer per lease fires at its deadline;
 * if the lease was neither settled nor extended, the keeper claims it and hands it to {@code
 * onExpiry} (which republishes a copy with the delivery count raised, then acks the original).
 * Claiming is one atomic removal, so exactly one of ack, release, dead-letter or expiry wins.
 */
final class Leases {
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
  private final Consumer<Lease> onExpiry;

  Leases(Clock clock, Consumer<Lease> onExpiry) {
    this.clock = clock;
    this.onExpiry = onExpiry;
    java.util.concurrent.ScheduledThreadPoolExecutor keeper =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, "docket-rabbitmq-lease-keeper");
          t.setDaemon(true);
          return t;
        });
    // Settled leases cancel their timers; drop those at once rather than at the deadline.
    keeper.setRemoveOnCancelPolicy(true);
    this.timer = keeper;
  }

  void add(Lease lease) {
    leases.put(lease.token, lease);
    schedule(lease);
  }

  /** Takes the lease out for settlement; null when it is no longer this token's. */
  @Nullable Lease claim(String token, String id) {
    Lease[] out = new Lease[1];
    leases.computeIfPresent(token, (k, l) -> {
      if (!l.message.id().equals(id)) {
        return l;
      }
      out[0] = l;
      return null;
    });
    if (out[0] != null) {
      java.util.concurrent.ScheduledFuture<?> t = out[0].timer;
      if (t != null) {
        t.cancel(false);
      }
    }
    return out[0];
  }

  /** Puts a claimed lease back (its settlement failed before anything changed). */
  void restore(Lease lease) {
    add(lease);
  }

  /** Moves the deadline; false when the lease is gone. */
  boolean extend(String token, String id, Duration by) {
    Instant deadline = clock.instant().plus(by);
    Lease l = leases.computeIfPresent(token, (k, v) -> {
      if (v.message.id().equals(id)) {
        v.deadline = deadline;
      }
      return v;
    });
    return l != null && l.message.id().equals(id);
  }

  @Nullable Lease get(String token) {
    return leases.get(token);
  }

  /** Drops leases whose delivery RabbitMQ already took back (their channel died). */
  void prune(java.util.function.Predicate<Lease> lost) {
    leases.values().removeIf(lost);
  }

  long count(String queue) {
    return leases.values().stream().filter(l -> l.message.queue().equals(queue)).count();
  }

  boolean isLeased(String queue, String id) {
    return leases.values().stream()
        .anyMatch(l -> l.message.queue().equals(queue) && l.message.id().equals(id));
  }

  private void schedule(Lease lease) {
    long delay = Math.max(0, Duration.between(clock.instant(), lease.deadline).toNanos());
    try {
      lease.timer = timer.schedule(() -> check(lease), delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing: the connection goes and RabbitMQ returns the delivery itself.
    }
  }

  private void check(Lease lease) {
    Instant now = clock.instant();
    boolean[] expired = new boolean[1];
    leases.computeIfPresent(lease.token, (k, v) -> {
      if (v != lease || now.isBefore(v.deadline)) {
        return v;
      }
      expired[0] = true;
      return null;
    });
    if (expired[0]) {
      work.execute(() -> onExpiry.accept(lease));
    } else if (leases.get(lease.token) == lease) {
      schedule(lease);
    }
  }

  void close() {
    timer.shutdownNow();
    work.shutdown();
  }
}
