package dev.docket.tck.selftest;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.tck.ForwardingDeadLetterStore;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A dead-letter store that shows callers each listed letter through {@code rewrite} (another id,
 * a lost body) and forwards everything else to the store underneath unchanged.
 */
class ListRewritingDeadLetterStore extends ForwardingDeadLetterStore {

  private final UnaryOperator<DeadLetter> rewrite;

  ListRewritingDeadLetterStore(DeadLetterStore delegate, UnaryOperator<DeadLetter> rewrite) {
    super(delegate);
    this.rewrite = rewrite;
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    Page<DeadLetter> page = delegate().list(queue, cursor, limit);
    return new Page<>(page.items().stream().map(rewrite).toList(), page.nextCursor());
  }

  /** {@code l} with another id and body, every other component kept. */
  static DeadLetter copy(DeadLetter l, String id, byte[] body) {
    return new DeadLetter(
        l.queue(), id, body, l.headers(), l.priority(), l.enqueuedAt(), l.failure());
  }
}
