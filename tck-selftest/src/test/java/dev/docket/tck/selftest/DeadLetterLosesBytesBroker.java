package dev.docket.tck.selftest;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.tck.ForwardingBroker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the failure of a dead letter but not its payload: listed dead letters have an empty body,
 * and a replay sends that empty body back to the queue. The job can never be inspected or rerun
 * after a fix, which is the whole point of a dead-letter queue.
 *
 * <p>Models a module that writes dead letters as a failure record only (a JSON document with the
 * error and the job id, the body "to be fetched later"), or one that stores the body in a text
 * column and drops it when it is not valid UTF-8.
 */
final class DeadLetterLosesBytesBroker extends ForwardingBroker {

  private static final byte[] NO_BYTES = new byte[0];

  DeadLetterLosesBytesBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public DeadLetterStore deadLetters() {
    DeadLetterStore store = delegate().deadLetters();
    return new ListRewritingDeadLetterStore(store, DeadLetterLosesBytesBroker::withoutBody) {
      @Override
      public long replay(String queue, DeadLetterFilter filter) {
        // Re-publish the stripped letters ourselves, so the replayed job has lost its bytes too.
        List<DeadLetter> matching = new ArrayList<>();
        String cursor = null;
        do {
          Page<DeadLetter> page = store.list(queue, cursor, 100);
          page.items().stream().filter(filter::matches).forEach(matching::add);
          cursor = page.nextCursor();
        } while (cursor != null);
        if (matching.isEmpty()) {
          return 0;
        }
        store.purge(
            queue,
            new DeadLetterFilter.Ids(
                Set.copyOf(matching.stream().map(DeadLetter::id).toList())));
        DeadLetterLosesBytesBroker.this.delegate().publish(
            queue,
            matching.stream()
                .map(l -> new Message(l.id(), NO_BYTES, l.headers(), l.priority(), null))
                .toList());
        return matching.size();
      }
    };
  }

  private static DeadLetter withoutBody(DeadLetter l) {
    return ListRewritingDeadLetterStore.copy(l, l.id(), NO_BYTES);
  }
}
