package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;

/** One message to publish: where to, with which properties and body. */
record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties,
    byte[] body) {

  /** Straight into a queue through the default exchange. */
  static Outgoing toQueue(String queue, Stored m) {
    return new Outgoing("", queue, Codec.properties(m), m.body());
  }
}
