/** Implementation of the RabbitMQ broker; not exported. */
@NullMarked
package dev.docket.broker.rabbitmq.internal;

import org.jspecify.annotations.NullMarked;
