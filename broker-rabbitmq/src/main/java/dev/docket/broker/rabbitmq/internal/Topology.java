package dev.docket.broker.rabbitmq.internal;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and arguments of everything Docket declares on RabbitMQ. A Docket queue {@code q} owns:
 *
 * <ul>
 *   <li>its work queue(s): {@code q} (band 0) and, for quorum queues with priority bands,
 *       {@code q~p1} … (higher bands, consumed first);
 *   <li>its dead-letter queue {@code q~dlq};
 *   <li>{@value #LEVELS} delay tiers {@code q~t00} … {@code q~t31}: quorum queues whose
 *       {@code x-message-ttl} is 2^k ms and whose dead-letter exchange is the next lower level,
 *       with at-least-once dead-lettering (a hop leaves the tier only once the next queue
 *       confirmed it), declared lazily by {@link Tiers} when a delay first needs them.
 * </ul>
 *
 * <p>Shared by all queues: one topic exchange per delay level, {@code docket~tier~NN}, and
 * {@code docket~due}. (Before 0.2 the tiers were classic queues {@code q~dNN} behind {@code
 * docket~delay~NN} / {@code docket~deliver}, which dead-letter at most once; those stay bound as
 * they were, so messages already in them still arrive, and are deleted with their queue.) A delayed message is published to level 31 with a routing key of 32
 * bit words (most significant first) of its remaining delay in ms, a band word and the queue
 * name. Each level sends a message whose bit is 1 to the queue's tier of that level and one whose
 * bit is 0 straight to the next level (an exchange-to-exchange binding), so a message waits
 * exactly the sum of its set bits, and every tier holds messages of one TTL only: no
 * head-of-line blocking. {@code '~'} cannot occur in a Docket queue name, so these names never
 * collide with one.
 */
public final class Topology {
  /** Delay levels: tiers of 2^0 … 2^31 ms (the longest single pass is about 49.7 days). */
  public static final int LEVELS = 32;

  /** The exchange that routes a message whose delay has run out to its work queue. */
  static final String DELIVER = "docket~due";

  private Topology() {}

  /** The work queue of {@code queue} for {@code band} (0 = lowest). */
  public static String band(String queue, int band) {
    return band == 0 ? queue : queue + "~p" + band;
  }

  /** The dead-letter queue of {@code queue}. */
  public static String deadLetters(String queue) {
    return queue + "~dlq";
  }

  /** The delay tier of {@code queue} for level {@code level}. */
  public static String tier(String queue, int level) {
    return queue + "~t" + (level < 10 ? "0" : "") + level;
  }

  /** The classic delay tier of {@code queue} that clients before 0.2 declared. */
  static String legacyTier(String queue, int level) {
    return queue + "~d" + (level < 10 ? "0" : "") + level;
  }

  /** Every AMQP queue {@code queue} owns under {@code config}, for deletion. */
  public static List<String> allQueues(String queue, RabbitBrokerConfig config) {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < bands(config); b++) {
      out.add(band(queue, b));
    }
    out.add(deadLetters(queue));
    for (int k = 0; k < LEVELS; k++) {
      out.add(tier(queue, k));
      out.add(legacyTier(queue, k));
    }
    return out;
  }

  /** The exchange of delay level {@code level}; level -1 is {@link #DELIVER}. */
  static String levelExchange(int level) {
    return level < 0 ? DELIVER : "docket~tier~" + (level < 10 ? "0" : "") + level;
  }

  /** How many work queues a Docket queue has. */
  static int bands(RabbitBrokerConfig config) {
    return config.queueType() == QueueType.CLASSIC ? 1 : config.priorityBands();
  }

  /** The band a message priority 0..9 goes to. */
  static int bandOf(int priority, RabbitBrokerConfig config) {
    return priority * bands(config) / 10;
  }

  /** Routing key of a delayed message: 32 bit words, the band word, the queue name. */
  static String delayKey(long delayMillis, int band, String queue) {
    StringBuilder key = new StringBuilder(LEVELS * 2 + queue.length() + 4);
    for (int k = LEVELS - 1; k >= 0; k--) {
      key.append(((delayMillis >>> k) & 1) == 1 ? '1' : '0').append('.');
    }
    return key.append('b').append(band).append('.').append(queue).toString();
  }

  /** The binding pattern at level {@code level} matching bit {@code bit} (rest: {@code tail}). */
  static String levelPattern(int level, char bit, String tail) {
    StringBuilder p = new StringBuilder();
    for (int k = LEVELS - 1; k >= 0; k--) {
      p.append(k == level ? bit : '*').append('.');
    }
    return p.append(tail).toString();
  }

  /** The binding pattern of {@link #DELIVER} for one band of a queue. */
  static String deliverPattern(int band, String queue) {
    return "*.".repeat(LEVELS) + "b" + band + "." + queue;
  }

  /** Arguments of a work queue. */
  static Map<String, Object> workArgs(String queue, RabbitBrokerConfig config) {
    Map<String, Object> args = new HashMap<>();
    // Jobs past RabbitMQ's own delivery limit (a worker that keeps dying) land in the DLQ.
    args.put("x-dead-letter-exchange", "");
    args.put("x-dead-letter-routing-key", deadLetters(queue));
    if (config.queueType() == QueueType.QUORUM) {
      args.put("x-queue-type", "quorum");
      args.put("x-delivery-limit", config.deliveryLimit());
      // Safe dead-lettering (3.10+): the message leaves only once the DLQ has confirmed it.
      args.put("x-dead-letter-strategy", "at-least-once");
      args.put("x-overflow", "reject-publish");
    } else {
      args.put("x-queue-type", "classic");
      args.put("x-max-priority", 9);
    }
    return args;
  }

  /** Arguments of a dead-letter queue. */
  static Map<String, Object> deadLetterArgs(RabbitBrokerConfig config) {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", config.queueType() == QueueType.QUORUM ? "quorum" : "classic");
    return args;
  }

  /**
   * Arguments of the tier of {@code level}: a quorum queue whose expired messages move on with
   * at-least-once dead-lettering (RabbitMQ 3.10+, which needs {@code x-overflow
   * reject-publish}). A classic tier dead-letters without confirms: a node restart, an
   * unavailable next queue or a missing binding dropped the job silently. Now the message stays
   * in the tier until the next hop confirmed it; an unroutable hop is retried (every {@code
   * dead_letter_worker_publisher_confirm_timeout}, 3 minutes by default) instead of dropped.
   */
  static Map<String, Object> tierArgs(int level) {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", "quorum");
    args.put("x-message-ttl", 1L << level);
    args.put("x-dead-letter-exchange", levelExchange(level - 1));
    args.put("x-dead-letter-strategy", "at-least-once");
    args.put("x-overflow", "reject-publish");
    return args;
  }
}
