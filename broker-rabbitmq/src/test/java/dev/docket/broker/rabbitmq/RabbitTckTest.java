package dev.docket.broker.rabbitmq;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/**
 * Every kit (R, S, C, W) on the local RabbitMQ with the default configuration (quorum queues,
 * three priority bands) and the PostgreSQL state store.
 */
class RabbitTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return RabbitTckFixture.quorum();
  }
}
