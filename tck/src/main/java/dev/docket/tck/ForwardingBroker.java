package dev.docket.tck;

import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.util.List;

/**
 * A broker that forwards every call to another one. Subclass it to observe or disturb a broker
 * in a test: the TCK counts lease extensions with it, and the TCK's self-tests build deliberately
 * broken brokers from it. Thread-safe when the delegate is.
 *
 * @since 0.1
 */
public class ForwardingBroker extends Forwarding<Broker> implements Broker {

  /** Forwards every call to {@code delegate}, which must not be null. */
  public ForwardingBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public Capabilities capabilities() {
    return delegate().capabilities();
  }

  @Override
  public void declareQueue(String queue) {
    delegate().declareQueue(queue);
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return delegate().publish(queue, messages);
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    return delegate().fetch(request);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return delegate().ack(delivery);
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return delegate().release(delivery, delay);
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return delegate().extendLease(delivery, lease);
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return delegate().deadLetter(delivery, failure);
  }

  @Override
  public QueueStats stats(String queue) {
    return delegate().stats(queue);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return delegate().deadLetters();
  }

  @Override
  public dev.docket.spi.QueueBrowser browser() {
    return delegate().browser();
  }

  @Override
  public List<dev.docket.spi.WaitingMessage> delayedMessages(String queue, int limit) {
    return delegate().delayedMessages(queue, limit);
  }

  @Override
  public java.util.Set<String> removeWaiting(String queue, java.util.Collection<String> ids) {
    return delegate().removeWaiting(queue, ids);
  }

  @Override
  public long purge(String queue) {
    return delegate().purge(queue);
  }

  @Override
  public void close() {
    delegate().close();
  }
}
