package dev.docket.tck.selftest;

import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;

/**
 * Declares the queue before reading its stats, as the SQS broker did before 0.3 (CreateQueue for
 * the lanes, delay queue and DLQ of any queue a dashboard asked about). Counts stay right; the
 * bug is the side effect: a metrics poller or health check watching a mistyped queue name
 * creates it on the server, where it stays forever.
 */
final class StatsCreateQueueBroker extends ForwardingBroker {

  StatsCreateQueueBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public QueueStats stats(String queue) {
    declareQueue(queue);
    return super.stats(queue);
  }
}
