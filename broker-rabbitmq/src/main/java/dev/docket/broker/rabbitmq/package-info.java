/**
 * The RabbitMQ broker: {@link dev.docket.broker.rabbitmq.RabbitBrokerProvider} serves {@code
 * amqp://} and {@code amqps://} URIs; {@link dev.docket.broker.rabbitmq.RabbitBrokerConfig} holds
 * its options. See the module README for the mapping of the broker contract onto AMQP.
 */
@NullMarked
package dev.docket.broker.rabbitmq;

import org.jspecify.annotations.NullMarked;
