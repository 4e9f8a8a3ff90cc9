package dev.docket.tck;

import dev.docket.Page;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A queue browser that forwards every call to another one. Subclass it to observe or disturb a
 * browser in a test, the way {@link ForwardingBroker} does for a broker: the TCK's self-tests build
 * browsers that list nothing or browse by receiving from it. Thread-safe when the delegate is.
 *
 * @since 0.4
 */
public class ForwardingQueueBrowser implements QueueBrowser {
  private final QueueBrowser delegate;

  /** Forwards to {@code delegate}. */
  public ForwardingQueueBrowser(QueueBrowser delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The browser calls go to. */
  protected QueueBrowser delegate() {
    return delegate;
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

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate() + "]";
  }
}
