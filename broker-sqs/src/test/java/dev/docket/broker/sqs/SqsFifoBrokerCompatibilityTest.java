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

  /**
   * ElasticMQ's FIFO emulation serves a backlog of 12,000 single-message groups too slowly for
   * the kit (receives time out inside ElasticMQ after 21 s; the standard-queue fixture runs the
   * full 12,000 in about 40 s). 1,200 still makes every fetch larger than SQS's ten per receive.
   */
  @Override
  protected int largeFetchBacklog() {
    return 1_200;
  }
}
