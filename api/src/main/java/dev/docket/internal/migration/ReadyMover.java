package dev.docket.internal.migration;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves jobs that are due: lease a batch on the source, publish it to the target, and only then
 * acknowledge the source's deliveries. A crash between the two leaves the source's copies leased;
 * after their lease they are fetched again and the target answers {@link
 * PublishOutcome#DUPLICATE}, so the job is not stored twice.
 */
final class ReadyMover {
  private final Broker source;
  private final Broker target;
  private final int batch;
  private final Duration lease;

  ReadyMover(Broker source, Broker target, int batch, Duration lease) {
    this.source = source;
    this.target = target;
    this.batch = batch;
    this.lease = lease;
  }

  /**
   * Moves one batch that is due now, waiting up to {@code wait} for one to come. Returns how many
   * jobs it took from the source (zero: none was due).
   *
   * @param delayed true when these jobs are counted as delayed ones that came due
   */
  int moveBatch(String queue, Duration wait, Tally tally, boolean delayed)
      throws InterruptedException {
    List<Delivery> got = source.fetch(FetchRequest.of(queue, batch, lease, wait));
    if (got.isEmpty()) {
      return 0;
    }
    List<Message> copies = new ArrayList<>(got.size());
    for (Delivery d : got) {
      // The migration's own lease is not an attempt of the job: only earlier deliveries count.
      copies.add(Copies.of(d.id(), d.body(), d.headers(), d.priority(), null,
          Math.max(0, d.deliveryCount() - 1)));
    }
    List<PublishOutcome> outcomes = target.publish(queue, copies);
    for (Delivery d : got) {
      // False: the lease was lost meanwhile; the job comes back, the target answers DUPLICATE
      // for it next time and that copy is acknowledged then (and counted as a duplicate).
      source.ack(d);
    }
    long dup = Copies.duplicates(outcomes);
    tally.duplicates += dup;
    if (delayed) {
      tally.delayed += got.size() - dup;
    } else {
      tally.ready += got.size() - dup;
    }
    return got.size();
  }
}
