package dev.docket.broker.sqs;

import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.TckFixture;

/**
 * The broker rules on SQS FIFO queues. It skips the rules the standard-queue fixture skips, for
 * the same capabilities (see the README).
 */
class SqsFifoTckTest extends BrokerCompatibilityKit {
  @Override
  public TckFixture fixture() {
    return SqsTckFixture.fifo();
  }
}
