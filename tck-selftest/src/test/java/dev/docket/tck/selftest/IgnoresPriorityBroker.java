package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ignores message priority when ordering: every message is stored at the lowest priority, so
 * messages leave in publish order whatever their priority. Deliveries still report the priority
 * that was published, so only the ordering rule can catch this broker, as in real life, where the
 * priority travels as a header and looks right in every log line.
 *
 * <p>Models a RabbitMQ module that declares its queues without {@code x-max-priority} (RabbitMQ
 * then accepts the priority property and ignores it), or a Redis module that keeps one plain list
 * per queue instead of one per priority level.
 */
final class IgnoresPriorityBroker extends RewritingBroker {

  /** Published priority by queue and id, to report it back on delivery. */
  private final Map<String, Integer> publishedPriority = new ConcurrentHashMap<>();

  IgnoresPriorityBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    List<PublishOutcome> outcomes =
        delegate().publish(
            queue,
            messages.stream()
                .map(
                    m ->
                        new Message(
                            m.id(), m.body(), m.headers(), Message.MIN_PRIORITY, m.notBefore()))
                .toList());
    for (int i = 0; i < messages.size(); i++) {
      if (outcomes.get(i) == PublishOutcome.ACCEPTED) {
        publishedPriority.put(key(queue, messages.get(i).id()), messages.get(i).priority());
      }
    }
    return outcomes;
  }

  @Override
  Delivery rewrite(Delivery underlying) {
    String key = key(underlying.queue(), underlying.id());
    int priority = publishedPriority.getOrDefault(key, underlying.priority());
    return with(underlying, underlying.id(), priority);
  }

  private static String key(String queue, String id) {
    return queue + '\u0000' + id;
  }
}
