package dev.docket.tck.selftest;

import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;

/**
 * Reports every queue as empty, whatever it holds.
 *
 * <p>Models a stats call that reads the wrong keys or queue (a Redis module counting an unprefixed
 * key, an AMQP module passively declaring the dead-letter queue instead of the queue). Dashboards
 * and health checks then show a healthy, idle system while work piles up.
 */
final class LyingStatsBroker extends ForwardingBroker {

  LyingStatsBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public QueueStats stats(String queue) {
    return QueueStats.empty(queue);
  }
}
