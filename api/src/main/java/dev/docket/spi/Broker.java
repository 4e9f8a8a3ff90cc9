package dev.docket.spi;

import dev.docket.JobFailure;
import dev.docket.QueueStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Transport for jobs: queues of opaque messages with leases, delays, priorities and a dead-letter
 * queue per queue. A broker never parses a body. Implementations are thread-safe; every method may
 * be called from many threads at once. Driver exceptions are translated to {@link
 * dev.docket.BrokerUnavailableException} (transient) or {@link dev.docket.DocketException}.
 *
 * <p>The contract every method keeps is numbered in the TCK's {@code CONTRACT.md}; the TCK proves
 * it.
 *
 * @since 0.1
 */
public interface Broker extends AutoCloseable {

  /** What this broker supports; constant for the broker's life. */
  Capabilities capabilities();

  /** Creates the queue and its dead-letter queue if missing. Idempotent; cheap when present. */
  void declareQueue(String queue);

  /**
   * Stores messages durably; returns only once they are stored. Outcomes are in message order. A
   * message whose id is live in the queue (ready, delayed or leased) is a {@link
   * PublishOutcome#DUPLICATE} and changes nothing. Bodies over {@link
   * Capabilities#maxMessageBytes()} are refused with {@link dev.docket.PayloadTooLargeException}
   * before anything is stored.
   */
  List<PublishOutcome> publish(String queue, List<Message> messages);

  /**
   * Leases up to {@code maxMessages} due messages, higher priority first inside a queue, earlier
   * queues of the request first. Blocks up to {@code wait} when none is due; returns an empty list
   * then. On interrupt it throws and leases nothing.
   */
  List<Delivery> fetch(FetchRequest request) throws InterruptedException;

  /** Removes a delivered message for good. False when the lease is no longer this token's. */
  boolean ack(Delivery delivery);

  /**
   * Gives a delivered message back, due again after {@code delay} ({@link Duration#ZERO}: now).
   * False when the lease is no longer this token's.
   */
  boolean release(Delivery delivery, Duration delay);

  /** Moves the lease deadline to now + {@code lease}. False when the lease was lost. */
  boolean extendLease(Delivery delivery, Duration lease);

  /**
   * Extends many leases at once: the result holds, in order, what {@link #extendLease} would have
   * answered for each delivery. The worker's lease keeper calls this once per period with every
   * running job, so a broker that can batch (one script, one request of ten, a pipeline) should
   * override it: with a thousand jobs in flight or a slow server, one call per job makes leases
   * lapse while their jobs still run. The default calls {@link #extendLease} for each delivery.
   * A failure for one delivery (a {@link dev.docket.BrokerUnavailableException}) is thrown for
   * the whole call; the caller retries the batch on its next period.
   *
   * @since 0.2
   */
  default List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    var answers = new ArrayList<Boolean>(deliveries.size());
    for (Delivery d : deliveries) {
      answers.add(extendLease(d, lease));
    }
    return answers;
  }

  /**
   * Moves a delivered message to the queue's dead-letter queue with its original bytes and the
   * failure. False when the lease is no longer this token's.
   */
  boolean deadLetter(Delivery delivery, JobFailure failure);

  /** A snapshot of one queue's counts. */
  QueueStats stats(String queue);

  /** The dead-letter side: list, replay, purge. */
  DeadLetterStore deadLetters();

  /**
   * Read-only views for operator tools: the queues this broker holds and a paged look at their
   * waiting jobs. Optional: {@link Capabilities#listQueues()} and {@link Capabilities#browse()}
   * say which of its methods work; the others throw {@link UnsupportedOperationException} saying
   * why. The default supports neither. Cheap to call; the same object every time is fine.
   *
   * @since 0.4
   */
  default QueueBrowser browser() {
    return QueueBrowser.unsupported(getClass().getSimpleName()
        + " does not list queues or browse jobs");
  }

  /**
   * The first {@code limit} delayed messages of {@code queue} by due time, whole (body, headers,
   * priority, due time as {@link Message#notBefore()}) with how often each was delivered before:
   * a read, never a lease, for a migration to copy them elsewhere before {@link #removeWaiting}.
   * A queue that does not exist reads empty and is not created. Needs {@link
   * Capabilities#moveWaiting()}; the default throws {@link UnsupportedOperationException}.
   *
   * @param limit at most this many, 1 to {@link QueueBrowser#MAX_PAGE}
   * @since 0.5
   */
  default List<WaitingMessage> delayedMessages(String queue, int limit) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot read delayed jobs before they are due");
  }

  /**
   * Deletes the waiting (ready or delayed, not leased) jobs of {@code queue} with these ids, in
   * one atomic step per call. Returns the ids it deleted; an id that is leased, unknown or already
   * gone is left out and nothing happens to it. Needs {@link Capabilities#moveWaiting()}; the
   * default throws {@link UnsupportedOperationException}.
   *
   * @param ids at most {@link QueueBrowser#MAX_PAGE} ids
   * @since 0.5
   */
  default Set<String> removeWaiting(String queue, Collection<String> ids) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot delete waiting jobs by id");
  }

  /** Deletes every ready and delayed message of a queue (not leased ones). Returns how many. */
  long purge(String queue);

  /** Releases connections. Leased messages come back when their lease ends. */
  @Override
  void close();
}
