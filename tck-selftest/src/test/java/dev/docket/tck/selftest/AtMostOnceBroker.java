package dev.docket.tck.selftest;

import dev.docket.JobFailure;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import java.time.Duration;

/**
 * Loses unacknowledged jobs: it acknowledges every message underneath as soon as it is fetched
 * (as {@link AcksBeforeRunningBroker} does), so the lease means nothing and {@code release},
 * {@code extendLease} and {@code deadLetter} only pretend to work.
 *
 * <p>Models auto-ack consumption: a RabbitMQ consumer with {@code autoAck=true}, a Redis module
 * that uses {@code RPOP} instead of a reliable {@code LMOVE} into a processing list, or an SQS
 * module that deletes on receive. Delivery is at-most-once: a worker killed mid-job loses the job.
 */
final class AtMostOnceBroker extends AcksBeforeRunningBroker {

  AtMostOnceBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return true;
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return true;
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return true;
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return true;
  }
}
