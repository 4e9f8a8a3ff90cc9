package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckContext;

/**
 * The whole TCK against SQS FIFO queues ({@code fifo=true}, the default one message group per
 * job): lanes and dead-letter queues are FIFO, delays hop through a standard delay queue. It
 * skips the rules the standard-queue fixture skips, for the same capabilities (see the README).
 */
class SqsFifoBrokerCompatibilityTest extends BrokerCompatibilityKit {
  @Override
  protected Broker createBroker(TckContext ctx) {
    return SqsBroker.create(ElasticMq.config("dkf-").fifo(true).build());
  }
}
