package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.broker.rabbitmq.RabbitBroker;

/**
 * Clean-up of the queues a benchmark run made: a benchmark must leave the server as it found it.
 * On RabbitMQ a purged queue still stands, with its priority bands and dead-letter queue (a dozen
 * durable AMQP queues), so there it is deleted too.
 */
public final class BenchQueues {
  private BenchQueues() {}

  /** Empties {@code queue} and its dead letters and, on RabbitMQ, deletes it. */
  public static void drop(Docket docket, String queue) {
    docket.purge(queue);
    docket.deadLetters(queue).purgeAll();
    if (docket.broker() instanceof RabbitBroker rabbit) {
      rabbit.deleteQueue(queue);
    }
  }
}
