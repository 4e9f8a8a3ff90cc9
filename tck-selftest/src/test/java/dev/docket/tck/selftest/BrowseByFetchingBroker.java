package dev.docket.tck.selftest;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueuedJob;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.ForwardingQueueBrowser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fakes browsing the way a broker without a peek command is tempted to: it receives the ready
 * jobs and gives them straight back. The listing looks right and the counts settle, but every
 * browse has charged each job a delivery (on SQS: a receive count towards the redrive limit), so
 * a few looks at a queue send healthy jobs to the DLQ.
 */
final class BrowseByFetchingBroker extends ForwardingBroker {

  BrowseByFetchingBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public QueueBrowser browser() {
    return new ForwardingQueueBrowser(delegate().browser()) {
      @Override
      public Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor,
          int limit) {
        if (state != QueuedJob.State.READY) {
          return super.jobs(queue, state, cursor, limit);
        }
        try {
          List<Delivery> got = fetch(new FetchRequest(List.of(queue), QueueBrowser.MAX_PAGE,
              Duration.ofMinutes(1), Duration.ZERO));
          List<QueuedJob> items = new ArrayList<>();
          for (Delivery d : got) {
            items.add(new QueuedJob(queue, d.id(), state, d.priority(), d.headers(), null,
                d.enqueuedAt(), d.deliveryCount() - 1, d.body().length,
                QueuedJob.previewOf(d.body())));
          }
          for (Delivery d : got.reversed()) {
            release(d, Duration.ZERO);
          }
          int from = cursor == null ? 0 : Integer.parseInt(cursor);
          int to = Math.min(items.size(), from + limit);
          return new Page<>(items.subList(Math.min(from, to), to),
              to < items.size() ? Integer.toString(to) : null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
