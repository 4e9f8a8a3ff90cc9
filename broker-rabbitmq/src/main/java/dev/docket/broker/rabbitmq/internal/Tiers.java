package dev.docket.broker.rabbitmq.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delay tiers are declared lazily: a Docket queue starts with its bands and DLQ only, and the tier
 * of level k (queue and binding) is declared the first time a delay with bit k set is routed. A
 * delay's set bits are exactly the tiers it passes through, so a publish declares every one of
 * them (synchronously: declare-ok and bind-ok are back before the message is sent) and none can
 * be missing on its way. The same step binds the queue's band queues to the last hop again, so a
 * binding lost since the queue was declared (deleted by hand, say) is back before a delay needs
 * it. A tier dead-letters at least once (see {@link Topology#tierArgs}): a hop that finds no
 * route waits in its tier and is retried, it is never dropped.
 *
 * <p>What was declared is cached per queue as a bit mask stamped with the recovery epoch it was
 * declared in; a recovery (a new epoch) makes every tier be declared again on its next use, on
 * top of the client's topology recovery. The check for tiers already declared is one map read
 * and a mask test, without locks.
 */
final class Tiers {
  /** The tiers declared for a queue in one epoch: bit k = level k. */
  private record Declared(long epoch, long mask) {}

  /** How often stats look for tiers declared by other processes (each miss is a 404). */
  static final long PROBE_NANOS = 5_000_000_000L;

  private final Map<String, Declared> declared = new ConcurrentHashMap<>();
  /** Tiers known to exist, whatever the epoch (tiers are only deleted with their queue). */
  private final Map<String, Long> known = new ConcurrentHashMap<>();
  /** When stats last probed a queue's unknown tiers. */
  private final Map<String, Long> probedAt = new ConcurrentHashMap<>();
  private final Admin admin;
  private final Recovery recovery;
  private final int bands;

  Tiers(Admin admin, Recovery recovery, int bands) {
    this.admin = admin;
    this.recovery = recovery;
    this.bands = bands;
  }

  /**
   * Makes sure the tiers of every set bit of {@code pass} (a delay in ms below 2^32) exist for
   * {@code queue}; throws {@link dev.docket.BrokerUnavailableException} when RabbitMQ refuses.
   */
  void ensure(String queue, long pass) {
    Declared d = declared.get(queue);
    long epoch = recovery.epoch();
    if (d != null && d.epoch == epoch && (d.mask & pass) == pass) {
      return;
    }
    declare(queue, pass);
  }

  private void declare(String queue, long pass) {
    // Read before declaring: a recovery during the declarations leaves a stale stamp, so they
    // are repeated on the next use (harmless) rather than trusted.
    long epoch = recovery.epoch();
    Declared before = declared.get(queue);
    long missing = before != null && before.epoch == epoch ? pass & ~before.mask : pass;
    admin.run("declare the delay tiers of " + queue, ch -> {
      for (int k = 0; k < Topology.LEVELS; k++) {
        if (((missing >>> k) & 1) == 1) {
          String tier = Topology.tier(queue, k);
          ch.queueDeclare(tier, true, false, false, Topology.tierArgs(k));
          ch.queueBind(tier, Topology.levelExchange(k),
              Topology.levelPattern(k, '1', "*." + queue));
        }
      }
      for (int b = 0; b < bands; b++) {
        ch.queueBind(Topology.band(queue, b), Topology.DELIVER, Topology.deliverPattern(b, queue));
      }
      return Boolean.TRUE;
    });
    known.merge(queue, pass, (a, b) -> a | b);
    declared.merge(queue, new Declared(epoch, pass), (old, now) -> old.epoch == now.epoch
        ? new Declared(now.epoch, old.mask | now.mask) : old.epoch > now.epoch ? old : now);
  }

  /**
   * Messages waiting in the tiers of {@code queue}. Counts the tiers known to exist; the others
   * (maybe declared by another process) are probed at most every {@link #PROBE_NANOS}, since a
   * passive declare of a missing queue costs a channel and an error in the server's log.
   */
  long delayed(String queue) {
    long mask = known.getOrDefault(queue, 0L);
    // Wall-independent on purpose: a rate limit on passive declares against the server, not a
    // job time; it must not move with a test's manual clock.
    long now = System.nanoTime();
    Long last = probedAt.get(queue);
    boolean probe = last == null || now - last >= PROBE_NANOS;
    if (probe) {
      probedAt.put(queue, now);
    }
    long sum = 0;
    for (int k = 0; k < Topology.LEVELS; k++) {
      if (((mask >>> k) & 1) == 1 || probe) {
        long n = admin.count(Topology.tier(queue, k));
        if (n >= 0) {
          sum += n;
          known.merge(queue, 1L << k, (a, b) -> a | b);
        }
      }
    }
    return sum;
  }

  /** Forgets a deleted queue's tiers. */
  void forget(String queue) {
    declared.remove(queue);
    known.remove(queue);
    probedAt.remove(queue);
  }
}
