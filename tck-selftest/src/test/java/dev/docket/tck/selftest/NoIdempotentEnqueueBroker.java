package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Has no idempotent enqueue: a message whose id is already live is stored a second time and
 * reported {@link PublishOutcome#ACCEPTED}, so a client that retries an enqueue after a timeout
 * runs the job twice.
 *
 * <p>Models a Redis module that pushes with {@code LPUSH} without the {@code SET NX} guard on the
 * id, or an SQS module on a standard queue, which has no deduplication id. Underneath each copy
 * gets a private id suffix so the correct broker keeps both; callers only ever see the real id.
 */
final class NoIdempotentEnqueueBroker extends RewritingBroker {

  /** Starts a private suffix; a NUL cannot appear in the ids the TCK generates. */
  private static final String COPY_MARK = "\u0000copy-";

  private final AtomicLong copies = new AtomicLong();

  NoIdempotentEnqueueBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    List<PublishOutcome> outcomes = delegate().publish(queue, messages);
    List<Message> duplicates = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (outcomes.get(i) == PublishOutcome.DUPLICATE) {
        Message m = messages.get(i);
        String copyId = m.id() + COPY_MARK + copies.incrementAndGet();
        duplicates.add(new Message(copyId, m.body(), m.headers(), m.priority(), m.notBefore()));
      }
    }
    if (!duplicates.isEmpty()) {
      delegate().publish(queue, duplicates);
    }
    return messages.stream().map(m -> PublishOutcome.ACCEPTED).toList();
  }

  @Override
  Delivery rewrite(Delivery underlying) {
    return with(underlying, realId(underlying.id()), underlying.priority());
  }

  @Override
  public DeadLetterStore deadLetters() {
    return new ListRewritingDeadLetterStore(delegate().deadLetters(),
        l -> ListRewritingDeadLetterStore.copy(l, realId(l.id()), l.body()));
  }

  private static String realId(String id) {
    int mark = id.indexOf(COPY_MARK);
    return mark < 0 ? id : id.substring(0, mark);
  }
}
