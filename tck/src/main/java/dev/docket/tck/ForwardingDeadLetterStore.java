package dev.docket.tck;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import org.jspecify.annotations.Nullable;

/**
 * A dead-letter store that forwards every call to another one. Subclass it to observe or disturb
 * the dead-letter side of a broker in a test, the way {@link ForwardingBroker} does for the broker
 * itself: the TCK's self-tests build stores that lose a letter's bytes or rename its id from it.
 * Thread-safe when the delegate is.
 *
 * @since 0.4
 */
public class ForwardingDeadLetterStore extends Forwarding<DeadLetterStore> implements DeadLetterStore {

  /** Forwards every call to {@code delegate}, which must not be null. */
  public ForwardingDeadLetterStore(DeadLetterStore delegate) {
    super(delegate);
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    return delegate().list(queue, cursor, limit);
  }

  @Override
  public long replay(String queue, DeadLetterFilter filter) {
    return delegate().replay(queue, filter);
  }

  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    return delegate().purge(queue, filter);
  }

  @Override
  public long restore(String queue, java.util.List<DeadLetter> letters) {
    return delegate().restore(queue, letters);
  }
}
