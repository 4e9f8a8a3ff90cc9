package dev.docket.tck;

import dev.docket.Page;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A queue browser that forwards every call to another one. Subclass it to observe or disturb a
 * browser in a test, the way {@link ForwardingBroker} does for a broker: the TCK's self-tests build
 * browsers that list nothing or browse by receiving from it. Thread-safe when the delegate is.
 *
 * @since 0.4
 */
public class ForwardingQueueBrowser extends Forwarding<QueueBrowser> implements QueueBrowser {

  /** Forwards every call to {@code delegate}, which must not be null. */
  public ForwardingQueueBrowser(QueueBrowser delegate) {
    super(delegate);
  }

  @Override
  public Page<QueueInfo> queues(@Nullable String cursor, int limit) {
    return delegate().queues(cursor, limit);
  }

  @Override
  public Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor,
      int limit) {
    return delegate().jobs(queue, state, cursor, limit);
  }

  @Override
  public Optional<QueuedJob> job(String queue, String id) {
    return delegate().job(queue, id);
  }
}
