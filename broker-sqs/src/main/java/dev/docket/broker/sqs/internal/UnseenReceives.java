package dev.docket.broker.sqs.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receives this process handed back before any caller saw them, per SQS message id. A long poll
 * that outlives its fetch (the worker stopped, or the fetch was woken for adopted messages) gives
 * what it then receives back with visibility 0; SQS counted that receive in its
 * {@code ApproximateReceiveCount} all the same, so without this the job's next delivery would
 * count one more than it had, and a job allowed one attempt would be dead-lettered without ever
 * running. The count is subtracted for as long as the message lives (its id is SQS's, unique
 * to that message), in this process only: a copy received by another process still counts the
 * unseen receive. At most {@link #MAX_ENTRIES} message ids are kept, oldest forgotten first.
 * Thread-safe.
 */
final class UnseenReceives {
  static final int MAX_ENTRIES = 10_000;

  private final Map<String, Integer> counts = new LinkedHashMap<>();
  /** Whether any id was ever recorded: the receive path reads no lock until one is. */
  private volatile boolean any;

  /** Records one receive of {@code messageId} that no caller saw. */
  synchronized void add(String messageId) {
    counts.merge(messageId, 1, Integer::sum);
    any = true;
    Iterator<String> oldest = counts.keySet().iterator();
    while (counts.size() > MAX_ENTRIES) {
      oldest.next();
      oldest.remove();
    }
  }

  /** How many receives of {@code messageId} no caller saw (0 for almost every message). */
  int of(String messageId) {
    if (!any) {
      return 0;
    }
    synchronized (this) {
      Integer n = counts.get(messageId);
      return n == null ? 0 : n;
    }
  }
}
