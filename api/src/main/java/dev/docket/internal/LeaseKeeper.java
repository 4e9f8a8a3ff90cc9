package dev.docket.internal;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what running jobs hold alive: once per {@link #period(Duration)} it extends every
 * running job's lease with {@link Broker#extendLeases} (in batches of {@link #BATCH}, each on its
 * own virtual thread) and, independently, runs each job's heartbeat (its locks, permits and
 * idempotency claim in the state store) on a virtual thread of its own. A slow or stalled call
 * therefore delays only what it carries: lock extensions never wait for the broker, one stuck
 * heartbeat never holds another, and the next round starts on time with a fresh call for every
 * job whose earlier calls are not all still hanging ({@link #MAX_PENDING} at most per job).
 *
 * <p>Why a quarter of the lease: a lease renewed at instant E lapses at E + lease; the next round
 * starts by E + period, so a call issued then may stall for up to lease - period = 3/4 of the
 * lease (22.5 s of the default 30 s) and still land in time. Thread-safe; driven by the worker's
 * {@link ClockScheduler}.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  /** Deliveries per {@link Broker#extendLeases} call. */
  static final int BATCH = 100;

  /** Calls of one kind (lease, heartbeat) that may be under way at once for one job. */
  static final int MAX_PENDING = 2;

  private final Broker broker;
  private final Duration lease;
  private final String workerId;
  private final Supplier<Collection<InFlight>> flights;
  private final ThreadFactory threads;
  private final WorkerCounters counters;

  LeaseKeeper(Broker broker, Duration lease, String workerId,
      Supplier<Collection<InFlight>> flights, WorkerCounters counters) {
    this.broker = broker;
    this.counters = counters;
    this.lease = lease;
    this.workerId = workerId;
    this.flights = flights;
    this.threads = RuntimeThreads.tasks("lease-" + workerId + "-");
  }

  /** How often the keeper runs for a lease of {@code lease}: a quarter of it. */
  static Duration period(Duration lease) {
    Duration quarter = lease.dividedBy(4);
    return quarter.isPositive() ? quarter : Duration.ofNanos(1);
  }

  /** One round: hands every extension off to virtual threads and returns at once. */
  void round() {
    List<InFlight> leases = new ArrayList<>();
    for (InFlight f : flights.get()) {
      // A settled job's lease is no longer ours, but a handler stuck past its timeout still holds
      // its locks and permits until its thread ends: those keep their heartbeat.
      if (!f.isSettled() && f.tryBeginExtension(MAX_PENDING)) {
        leases.add(f);
      }
      if (f.hasHeartbeats() && f.tryBeginHeartbeat(MAX_PENDING)) {
        threads.newThread(() -> beat(f)).start();
      }
    }
    for (int from = 0; from < leases.size(); from += BATCH) {
      List<InFlight> batch = List.copyOf(leases.subList(from,
          Math.min(leases.size(), from + BATCH)));
      threads.newThread(() -> extend(batch)).start();
    }
  }

  private void extend(List<InFlight> batch) {
    try {
      List<Delivery> deliveries = batch.stream().map(InFlight::delivery).toList();
      List<Boolean> answers = broker.extendLeases(deliveries, lease);
      int extended = 0;
      int failed = 0;
      for (int i = 0; i < batch.size() && i < answers.size(); i++) {
        InFlight f = batch.get(i);
        if (answers.get(i)) {
          extended++;
        } else if (!f.isSettled()) {
          // A job settled meanwhile gave its lease up: a refusal then is no failure.
          failed++;
          if (!f.leaseLost()) {
            f.markLeaseLost();
            LOG.warn("Worker {} lost the lease of job {}; another worker may run it", workerId,
                f.delivery().id());
          }
        }
      }
      counters.extended(extended, failed);
    } catch (RuntimeException e) {
      counters.extended(0, (int) batch.stream().filter(f -> !f.isSettled()).count());
      LOG.warn("Worker {} could not extend the leases of {} jobs (retried next round): {}",
          workerId, batch.size(), e.toString());
    } finally {
      batch.forEach(InFlight::extensionDone);
    }
  }

  private void beat(InFlight f) {
    try {
      f.heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("Worker {} could not extend the locks and permits of job {}: {}", workerId,
          f.delivery().id(), e.toString());
    } finally {
      f.heartbeatDone();
    }
  }
}
