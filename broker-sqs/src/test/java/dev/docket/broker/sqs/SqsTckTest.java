package dev.docket.broker.sqs;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/** Every kit (R, S, C, W) on SQS standard queues (ElasticMQ) with the PostgreSQL store. */
class SqsTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return SqsTckFixture.standard();
  }
}
