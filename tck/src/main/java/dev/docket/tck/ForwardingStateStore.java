package dev.docket.tck;

import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A state store that forwards every call to another one. Subclass it to observe or disturb a
 * store in a test (the coordination contracts cut a "dying" worker off its store with it; the
 * workflow contracts crash a chord member half-way through its bookkeeping). Every forwarded
 * call asks {@link #delegate()} for the store, so a subclass that overrides it can cut the store
 * off for all calls at once. Thread-safe when the delegate is.
 *
 * @since 0.1
 */
public class ForwardingStateStore extends Forwarding<StateStore> implements StateStore {

  /** Forwards every call to {@code delegate}, which must not be null. */
  public ForwardingStateStore(StateStore delegate) {
    super(delegate);
  }

  @Override
  public Optional<byte[]> get(String key) {
    return delegate().get(key);
  }

  @Override
  public void put(String key, byte[] value, @Nullable Duration ttl) {
    delegate().put(key, value, ttl);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    return delegate().putIfAbsent(key, value, ttl);
  }

  @Override
  public boolean compareAndDelete(String key, byte[] expected) {
    return delegate().compareAndDelete(key, expected);
  }

  @Override
  public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
    return delegate().compareAndExpire(key, expected, ttl);
  }

  @Override
  public long increment(String key, long delta, @Nullable Duration ttl) {
    return delegate().increment(key, delta, ttl);
  }

  @Override
  public long append(String key, byte[] value, @Nullable Duration ttl) {
    return delegate().append(key, value, ttl);
  }

  @Override
  public List<byte[]> list(String key) {
    return delegate().list(key);
  }

  @Override
  public void delete(String key) {
    delegate().delete(key);
  }

  @Override
  public void close() {
    delegate().close();
  }
}
