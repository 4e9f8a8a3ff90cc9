package dev.docket.tck.selftest;

import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.ForwardingBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Loses messages on reconnect: once a call has failed (the connection broke), the first fetch
 * that brings deliveries after it acknowledges them and hands out nothing, as a client that
 * drops the deliveries it had buffered when its connection was re-established while the server
 * counts them as consumed. The fault kit must fail F2 (server restart) naming F0.1.
 */
final class LosesOnReconnectBroker extends ForwardingBroker {

  private final AtomicBoolean broken = new AtomicBoolean();

  LosesOnReconnectBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    List<Delivery> fetched;
    try {
      fetched = delegate().fetch(request);
    } catch (RuntimeException e) {
      broken.set(true);
      throw e;
    }
    if (!fetched.isEmpty() && broken.compareAndSet(true, false)) {
      fetched.forEach(delegate()::ack);
      return List.of();
    }
    return fetched;
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return watch(() -> delegate().publish(queue, messages));
  }

  @Override
  public boolean ack(Delivery delivery) {
    return watch(() -> delegate().ack(delivery));
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return watch(() -> delegate().release(delivery, delay));
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return watch(() -> delegate().extendLease(delivery, lease));
  }

  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    return watch(() -> delegate().extendLeases(deliveries, lease));
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return watch(() -> delegate().deadLetter(delivery, failure));
  }

  @Override
  public QueueStats stats(String queue) {
    return watch(() -> delegate().stats(queue));
  }

  /** Runs {@code call}; a failure marks the connection broken, so the next fetch loses. */
  private <T> T watch(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      broken.set(true);
      throw e;
    }
  }
}
