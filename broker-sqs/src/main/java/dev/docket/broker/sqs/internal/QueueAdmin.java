package dev.docket.broker.sqs.internal;

import dev.docket.QueueStats;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/**
 * Stats and purge over a queue's lanes, delay queue and dead-letter queue. Counts are SQS's
 * approximate numbers: exact on ElasticMQ, eventually consistent on AWS (about a minute).
 */
public final class QueueAdmin {

  private static final int PURGE_VISIBILITY_SECONDS = 30;

  private final SqsCore core;

  /** Admin of {@code core}'s queues. */
  public QueueAdmin(SqsCore core) {
    this.core = core;
  }

  /**
   * Ready = visible in the lanes; in flight = invisible in the lanes; delayed = everything in the
   * delay queue (plus lane messages SQS itself still delays); dead = the dead-letter queue. SQS
   * has no age of the oldest message in its API, so {@code oldestReadySince} is null. A queue
   * that was never declared has empty stats and is not created (no CreateQueue): monitoring a
   * queue name must not leave queues behind.
   */
  public QueueStats stats(String queue) {
    QueueUrls q = SqsCalls.call("look up queue '" + queue + "'",
        () -> core.topology.existing(queue));
    if (q == null) {
      return QueueStats.empty(queue);
    }
    long ready = 0;
    long inFlight = 0;
    long delayed = 0;
    for (Topology.Lane lane : core.topology.lanes(q)) {
      long[] c = core.calls.counts(lane.url());
      ready += c[0];
      inFlight += c[1];
      delayed += c[2];
    }
    long[] d = core.calls.counts(q.delay());
    delayed += d[0] + d[1] + d[2];
    long[] dead = core.calls.counts(q.dlq());
    return new QueueStats(queue, ready, delayed, inFlight, dead[0] + dead[1] + dead[2], null);
  }

  /**
   * Deletes ready messages one batch at a time (leased ones are invisible, so they survive) and
   * every delayed message with PurgeQueue on the delay queue, which holds no leases. On AWS a
   * PurgeQueue takes up to 60 s and may also remove messages delayed during that time; SQS
   * allows one per queue per minute.
   */
  public long purge(String queue) {
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> core.topology.of(queue));
    long purged = 0;
    for (Topology.Lane lane : core.topology.lanes(q)) {
      while (true) {
        List<Message> got = core.calls.receive(lane.url(), 10, 0, PURGE_VISIBILITY_SECONDS);
        if (got.isEmpty()) {
          break;
        }
        purged += core.calls.deleteAll(lane.url(), got);
        for (Message m : got) {
          Codec.Decoded d = Codec.decode(m.body(), m.messageAttributes());
          core.liveIds.remove(queue, d == null ? m.messageId() : d.meta().id());
        }
      }
    }
    long[] d = core.calls.counts(q.delay());
    long delayed = d[0] + d[1] + d[2];
    if (delayed > 0) {
      try {
        SqsCalls.call("purge the delay queue of '" + queue + "'",
            () -> core.calls.client().purgeQueue(b -> b.queueUrl(q.delay())));
      } catch (RuntimeException e) {
        if (e.getCause() instanceof PurgeQueueInProgressException) {
          throw new dev.docket.DocketException("queue '" + queue + "' was purged less than a"
              + " minute ago; SQS allows one purge of its delay queue per minute. Ready messages"
              + " were purged (" + purged + "); try again for the delayed ones", e);
        }
        throw e;
      }
      purged += delayed;
    }
    core.liveIds.removeAll(queue, id -> false);
    return purged;
  }
}
