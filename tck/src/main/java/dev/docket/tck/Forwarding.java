package dev.docket.tck;

import java.util.Objects;

/**
 * What the TCK's forwarding classes ({@link ForwardingBroker}, {@link ForwardingStateStore},
 * {@link ForwardingQueueBrowser}, {@link ForwardingDeadLetterStore}) share: the delegate, checked
 * once, the accessor every forwarded call goes through (a subclass that overrides it redirects all
 * calls at once), and a {@code toString} naming the wrapper and what it wraps.
 *
 * @param <D> the interface forwarded
 */
abstract class Forwarding<D> {
  private final D delegate;

  Forwarding(D delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Where calls go. */
  protected D delegate() {
    return delegate;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
