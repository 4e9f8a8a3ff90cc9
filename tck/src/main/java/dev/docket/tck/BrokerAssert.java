package dev.docket.tck;

import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Entry point of the TCK's broker assertions, and the formatter of broker state for failure
 * messages: a failing check says what it expected and what the broker holds.
 *
 * @since 0.1
 */
public final class BrokerAssert {
  private BrokerAssert() {}

  /**
   * Assertions on {@code queue}; {@code settle} is how long approximate stats may take to
   * converge ({@link Duration#ZERO} for brokers with exact stats).
   */
  public static QueueAssert assertThatQueue(Broker broker, String queue, Duration settle) {
    return new QueueAssert(broker, queue, settle);
  }

  /** One line per queue with every count, for failure messages. */
  public static String describe(Broker broker, String... queues) {
    StringBuilder out = new StringBuilder();
    for (String q : queues) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      try {
        out.append(describe(broker.stats(q)));
      } catch (RuntimeException e) {
        out.append("queue '").append(q).append("': stats failed with ").append(e);
      }
    }
    return out.toString();
  }

  /** A stats snapshot in words. */
  public static String describe(QueueStats s) {
    return "queue '" + s.queue() + "' [ready=" + s.ready() + ", delayed=" + s.delayed()
        + ", inFlight=" + s.inFlight() + ", dead=" + s.dead() + ", oldestReadySince="
        + s.oldestReadySince() + "]";
  }

  /** Deliveries as {@code id#count(priority)} for failure messages. */
  public static String describe(List<Delivery> deliveries) {
    return deliveries.stream()
        .map(d -> d.id() + "#" + d.deliveryCount() + "(p" + d.priority() + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A body for messages: UTF-8 text when short, else its size. */
  public static String describeBody(byte[] body) {
    return body.length <= 80 ? new String(body, StandardCharsets.UTF_8)
        : body.length + " bytes";
  }
}
