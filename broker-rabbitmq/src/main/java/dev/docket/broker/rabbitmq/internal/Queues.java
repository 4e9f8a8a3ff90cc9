package dev.docket.broker.rabbitmq.internal;

import dev.docket.InvalidConfigException;
import dev.docket.QueueStats;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declaring, deleting, counting and purging a Docket queue's AMQP queues for {@link
 * RabbitCore}. What this client declared is cached (the delay tiers in {@link Tiers}).
 */
final class Queues {
  private final RabbitCore broker;
  private final RabbitBrokerConfig config;
  private final Admin admin;
  private final Tiers tiers;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();

  Queues(RabbitCore broker, Tiers tiers) {
    this.broker = broker;
    this.config = broker.config();
    this.admin = broker.admin();
    this.tiers = tiers;
  }

  void declareDelayExchanges() {
    admin.run("declare the delay exchanges", ch -> {
      ch.exchangeDeclare(Topology.DELIVER, "topic", true);
      for (int k = 0; k < Topology.LEVELS; k++) {
        ch.exchangeDeclare(Topology.levelExchange(k), "topic", true);
      }
      for (int k = 0; k < Topology.LEVELS; k++) {
        // A zero bit passes the message straight to the next lower level.
        ch.exchangeBind(Topology.levelExchange(k - 1), Topology.levelExchange(k),
            Topology.levelPattern(k, '0', "#"));
      }
      return Boolean.TRUE;
    });
  }

  void declare(String queue) {
    if (declared.contains(queue)) {
      return;
    }
    checkBands(queue);
    admin.run("declare queue " + queue, ch -> {
      ch.queueDeclare(Topology.deadLetters(queue), true, false, false,
          Topology.deadLetterArgs(config));
      for (int b = 0; b < Topology.bands(config); b++) {
        String name = Topology.band(queue, b);
        ch.queueDeclare(name, true, false, false, Topology.workArgs(queue, config));
        ch.queueBind(name, Topology.DELIVER, Topology.deliverPattern(b, queue));
      }
      // Delay tiers come later, when a delay first needs them (Tiers).
      return Boolean.TRUE;
    });
    declared.add(queue);
  }

  /**
   * Refuses to serve a queue that has more priority bands at RabbitMQ than this configuration
   * (another process runs with a larger {@code priorityBands}, or classic and quorum mixed):
   * this process would never consume the higher bands, and jobs routed there would wait unseen.
   * One passive check per queue and process; a mismatch is a configuration error, said loudly.
   */
  private void checkBands(String queue) {
    int bands = Topology.bands(config);
    if (bands < 10 && admin.count(Topology.band(queue, bands)) >= 0) {
      throw new InvalidConfigException(List.of("RabbitMQ queue " + Topology.band(queue, bands)
          + " exists, so queue '" + queue + "' has more priority bands than this process's "
          + RabbitBrokerConfig.QUEUE_TYPE + "=" + config.queueType().name().toLowerCase(
              java.util.Locale.ROOT) + ", " + RabbitBrokerConfig.PRIORITY_BANDS + "=" + bands
          + ": every process must use the same " + RabbitBrokerConfig.PRIORITY_BANDS
          + " and " + RabbitBrokerConfig.QUEUE_TYPE));
    }
  }

  /** Deletes every AMQP queue of {@code queue} (work bands, DLQ, delay tiers). */
  void delete(String queue) {
    for (int b = 0; b < Topology.bands(config); b++) {
      broker.fetcher().forget(Topology.band(queue, b));
    }
    admin.run("delete queue " + queue, ch -> {
      for (String name : Topology.allQueues(queue, config)) {
        ch.queueDelete(name);
      }
      return Boolean.TRUE;
    });
    declared.remove(queue);
    tiers.forget(queue);
  }

  QueueStats stats(String queue) {
    long ready = buffered(queue);
    for (int b = 0; b < Topology.bands(config); b++) {
      ready += Math.max(0, admin.count(Topology.band(queue, b)));
    }
    long delayed = tiers.delayed(queue);
    long dead = Math.max(0, admin.count(Topology.deadLetters(queue)));
    broker.leases().prune(l -> !l.handle.source().valid(l.handle));
    return new QueueStats(queue, ready, delayed, broker.leases().count(queue), dead, null);
  }

  /**
   * Purges the bands and the tiers this client can see, and the deliveries buffered here. The
   * classic tiers of clients before 0.2 are not purged (probing 32 names that mostly do not
   * exist would cost a channel and a server log line each); their jobs arrive when due.
   */
  long purge(String queue) {
    long n = admin.run("purge queue " + queue, ch -> {
      long sum = 0;
      for (int b = 0; b < Topology.bands(config); b++) {
        sum += ch.queuePurge(Topology.band(queue, b)).getMessageCount();
      }
      return sum;
    });
    for (int k = 0; k < Topology.LEVELS; k++) {
      n += Math.max(0, admin.purge(Topology.tier(queue, k))); // -1: not declared yet
    }
    // Deliveries pushed to this client but not leased count as ready: drop them too.
    long dropped = 0;
    for (int b = 0; b < Topology.bands(config); b++) {
      dropped += broker.fetcher().dropBuffered(Topology.band(queue, b));
    }
    broker.leases().prune(l -> !l.handle.source().valid(l.handle));
    broker.ids().removeAll(queue, id -> broker.leases().isLeased(queue, id));
    return n + dropped;
  }

  /** Deliveries of {@code queue} pushed to this client and not leased yet. */
  private long buffered(String queue) {
    long n = 0;
    for (int b = 0; b < Topology.bands(config); b++) {
      n += broker.fetcher().buffered(Topology.band(queue, b));
    }
    return n;
  }
}
