package dev.docket.internal.migration;

import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.WaitingMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves delayed jobs at once from a source that can read them whole ({@link
 * Capabilities#moveWaiting()}): read a batch by due time, publish it to the target with the same
 * due times, then delete those ids from the source. A crash in between leaves both copies; the
 * next run publishes again, the target answers {@link PublishOutcome#DUPLICATE}, and the source
 * copy is deleted then.
 */
record DelayedMover(Broker source, Broker target, int batch) {
  /**
   * Moves every delayed job of {@code queue}. A job that a source worker leased between the read
   * and the delete (it came due) stays on the source and is counted as left behind by the caller.
   */
  void moveAll(String queue, Tally tally) {
    while (true) {
      List<WaitingMessage> page = source.delayedMessages(queue, batch);
      if (page.isEmpty()) {
        return;
      }
      List<Message> copies = new ArrayList<>(page.size());
      List<String> ids = new ArrayList<>(page.size());
      for (WaitingMessage w : page) {
        Message m = w.message();
        copies.add(Copies.of(m.id(), m.body(), m.headers(), m.priority(), m.notBefore(),
            w.deliveries()));
        ids.add(m.id());
      }
      List<PublishOutcome> outcomes = target.publish(queue, copies);
      Set<String> removed = new HashSet<>(source.removeWaiting(queue, ids));
      for (int i = 0; i < ids.size(); i++) {
        if (!removed.contains(ids.get(i))) {
          continue; // leased on the source meanwhile: still there, reported as left behind
        }
        if (outcomes.get(i) == PublishOutcome.DUPLICATE) {
          tally.duplicates++;
        } else {
          tally.delayed++;
        }
      }
      if (removed.isEmpty()) {
        return; // no progress: every job of the page was leased meanwhile
      }
    }
  }
}
