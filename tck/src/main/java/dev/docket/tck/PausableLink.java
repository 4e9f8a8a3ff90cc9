package dev.docket.tck;

import dev.docket.BrokerUnavailableException;
import dev.docket.JobFailure;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One worker process's connections to the broker and the store, which a test can cut and
 * restore: while cut, every call fails as if the process had died or been partitioned away (no
 * heartbeat, no ack, no lock release). Restoring it models a process that was only paused (a
 * long GC pause): its late calls arrive after others have taken over, which is what owner tokens
 * are for. Closing the wrappers does not close the shared broker and store.
 */
final class PausableLink {
  private final AtomicBoolean cut = new AtomicBoolean();
  private final Broker broker;
  private final StateStore store;

  PausableLink(Broker broker, StateStore store) {
    this.broker = new LinkedBroker(broker);
    this.store = new LinkedStore(store);
  }

  Broker broker() {
    return broker;
  }

  StateStore store() {
    return store;
  }

  /** The process stops reaching anything. */
  void cut() {
    cut.set(true);
  }

  /** Its calls arrive again. */
  void restore() {
    cut.set(false);
  }

  private void check() {
    if (cut.get()) {
      throw new BrokerUnavailableException("simulated: this worker's process is cut off");
    }
  }

  private final class LinkedBroker extends ForwardingBroker {
    LinkedBroker(Broker delegate) {
      super(delegate);
    }

    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
      check();
      return super.fetch(request);
    }

    @Override
    public boolean ack(Delivery delivery) {
      check();
      return super.ack(delivery);
    }

    @Override
    public boolean release(Delivery delivery, Duration delay) {
      check();
      return super.release(delivery, delay);
    }

    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
      check();
      return super.extendLease(delivery, lease);
    }

    @Override
    public boolean deadLetter(Delivery delivery, JobFailure failure) {
      check();
      return super.deadLetter(delivery, failure);
    }

    @Override
    public void close() {}
  }

  private final class LinkedStore extends ForwardingStateStore {
    LinkedStore(StateStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<byte[]> get(String key) {
      check();
      return super.get(key);
    }

    @Override
    public void put(String key, byte[] value, @Nullable Duration ttl) {
      check();
      super.put(key, value, ttl);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
      check();
      return super.putIfAbsent(key, value, ttl);
    }

    @Override
    public boolean compareAndDelete(String key, byte[] expected) {
      check();
      return super.compareAndDelete(key, expected);
    }

    @Override
    public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
      check();
      return super.compareAndExpire(key, expected, ttl);
    }

    @Override
    public long increment(String key, long delta, @Nullable Duration ttl) {
      check();
      return super.increment(key, delta, ttl);
    }

    @Override
    public void delete(String key) {
      check();
      super.delete(key);
    }

    @Override
    public void close() {}
  }
}
