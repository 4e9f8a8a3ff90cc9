package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;

/**
 * The whole TCK against SQS: ElasticMQ embedded in this JVM, or the endpoint in {@code
 * DOCKET_TEST_SQS_ENDPOINT}. Queue names carry the test's namespace, so runs never meet.
 */
class SqsBrokerCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return SqsBroker.create(ElasticMq.config("dk-").build());
  }
}
