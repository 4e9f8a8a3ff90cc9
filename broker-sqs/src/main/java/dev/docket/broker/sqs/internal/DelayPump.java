package dev.docket.broker.sqs.internal;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.broker.sqs.SqsBrokerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Drains one queue's delay queue: a delayed message becomes visible there when its current hop
 * ends; if it is due it moves to its priority lane, otherwise it takes the next hop (at most
 * {@code maxDelayHop}, whole seconds rounded up). Moves are a batch send then a batch delete, so a
 * crash in between duplicates a message rather than losing it.
 *
 * <p>Whether a message is due is decided on SQS's clock alone: it carries the wait it had left
 * when it was sent ({@link Meta#delay()}), and SQS stamps when it was sent ({@code
 * SentTimestamp}) and first received ({@code ApproximateFirstReceiveTimestamp}); what is left is
 * the carried wait minus the time between the two. No host's clock enters, so a producer or pump
 * whose clock is off cannot make a job early. A pump that received the message before and died
 * makes that estimate long, never short: late, not early.
 *
 * <p>Every entry of a move is settled by its own outcome: a message SQS stored in its lane (or
 * next hop) is deleted from the delay queue, and only that one; an entry SQS refused for a
 * transient reason stays for the next round ({@link Sends} already sent it again twice); an entry
 * SQS refuses for good (a sender fault), or one that has come back {@code maxReceiveCount} times,
 * goes to the dead-letter queue with its bytes and the refusal as its failure, so nothing is
 * re-sent forever. Deletes SQS refused for a transient reason are repeated.
 *
 * <p>On FIFO lanes the delay queue stays a standard queue (FIFO queues take no per-message
 * DelaySeconds), and the pump moves a due message into its FIFO lane with its message group and
 * a de-duplication id derived from the delay message (see {@link FifoIds}). A delayed job thus
 * joins the end of its lane when due; it keeps no place it had before.
 *
 * <p>One virtual thread per queue and broker instance, started by the first fetch of the queue;
 * several processes' pumps share the work as competing consumers. It long-polls, so an idle pump
 * costs three requests a minute.
 */
final class DelayPump {

  private static final Logger LOG = LoggerFactory.getLogger(DelayPump.class);
  private static final int WAIT_SECONDS = 20;
  private static final int VISIBILITY_SECONDS = 30;

  private final SqsCore core;
  private final QueueUrls queue;
  private volatile boolean stopped;
  private volatile @Nullable Thread thread;

  DelayPump(SqsCore core, QueueUrls queue) {
    this.core = core;
    this.queue = queue;
  }

  DelayPump start() {
    thread = Thread.ofVirtual().name("docket-sqs-delay-" + queue.queue()).start(this::run);
    return this;
  }

  void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    long backoffMillis = 100;
    while (!stopped && !core.closed()) {
      try {
        List<Message> got = core.calls.receiveTimed(queue.delay(), 10, WAIT_SECONDS,
            VISIBILITY_SECONDS);
        if (stopped || core.closed()) {
          core.calls.restore(queue.delay(), got);
          return;
        }
        if (!got.isEmpty()) {
          move(got);
        }
        backoffMillis = 100;
      } catch (RuntimeException e) {
        if (stopped || core.closed() || Thread.currentThread().isInterrupted()) {
          return;
        }
        LOG.warn("Delay pump of queue '{}' failed ({}); retrying in {} ms", queue.queue(),
            e.getMessage(), backoffMillis);
        try {
          Thread.sleep(backoffMillis); // a backoff after a broker error, not a wait for state
        } catch (InterruptedException ie) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  private record Move(Message message, @Nullable Meta meta, Sends.Target target) {}

  private void move(List<Message> got) {
    Instant now = core.clock.instant();
    List<Move> moves = new ArrayList<>();
    for (Message m : got) {
      Codec.Decoded d = Codec.decode(m.body(), m.messageAttributes());
      if (d == null) {
        // Not Docket's: the lowest lane delivers it, and the runtime dead-letters it.
        String url = core.topology.lane(queue, 0);
        SqsCalls.Outgoing out = core.toLane(new SqsCalls.Outgoing(m.body(),
            m.messageAttributes(), 0, Codec.size(m.body(), m.messageAttributes())),
            queue.queue(), m.messageId(), FifoIds.move("mv", m.messageId(), m.messageId()));
        moves.add(new Move(m, null, new Sends.Target(url, out)));
        continue;
      }
      Meta meta = d.meta();
      Duration left = remaining(meta, m, now);
      if (left == null) {
        // Due: into its lane. FIFO: keyed on this delay message, so a re-send after a crash
        // between send and delete is dropped by SQS, while each new delay or retry goes through.
        SqsCalls.Outgoing out = core.toLane(resend(m, meta.withDelay(null)), queue.queue(),
            meta.id(), FifoIds.move("mv", meta.id(), m.messageId()));
        moves.add(new Move(m, meta, new Sends.Target(
            core.topology.lane(queue, core.topology.band(meta.priority())), out)));
      } else {
        moves.add(new Move(m, meta, new Sends.Target(queue.delay(),
            resend(m, meta.withDelay(left)))));
      }
    }
    List<EntryResult> results = core.sends.send(moves.stream().map(Move::target).toList());
    List<Message> done = new ArrayList<>();
    List<Move> refused = new ArrayList<>();
    List<EntryResult> why = new ArrayList<>();
    for (int i = 0; i < moves.size(); i++) {
      EntryResult r = results.get(i);
      Move mv = moves.get(i);
      if (r.ok()) {
        done.add(mv.message());
      } else if ((r.permanent() && !r.wholeRequest())
          || Deliveries.receiveCount(mv.message()) >= core.config.maxReceiveCount()) {
        // Refused for this entry itself, or for too many rounds: a request refused as a whole
        // (access denied, a missing lane) says nothing against the job, so it waits instead.
        refused.add(mv);
        why.add(r);
      } else {
        LOG.warn("Delay pump of queue '{}' could not move job {} ({}); it stays in the delay"
            + " queue and is tried again", queue.queue(), idOf(mv), r.describe());
      }
    }
    done.addAll(deadLetter(refused, why, now));
    deleteAll(done);
    if (!done.isEmpty()) {
      core.signal.fire();
    }
  }

  /** {@code m}'s body as it is (Base64 already) with {@code meta}; the next hop's delay. */
  private SqsCalls.Outgoing resend(Message m, Meta meta) {
    var attributes = Codec.attributes(meta);
    Duration delay = meta.delay();
    return new SqsCalls.Outgoing(m.body(), attributes, delay == null ? 0 : core.hop(delay),
        Codec.size(m.body(), attributes));
  }

  /** The wait left for a message, on SQS's clock; null when it is due. */
  static @Nullable Duration remaining(Meta meta, Message m, Instant pumpNow) {
    Duration carried = meta.delay();
    Duration left;
    if (carried != null) {
      left = carried.minus(Duration.ofMillis(elapsedMillis(m, carried)));
    } else if (meta.legacyDue() != null) {
      // Written by an older version as an instant: only this pump's clock can judge it.
      left = Duration.between(pumpNow, meta.legacyDue());
    } else {
      return null;
    }
    return left.isPositive() ? left : null;
  }

  /**
   * Milliseconds SQS's clock says the message waited: first receive minus send. When SQS gives
   * no timestamps, the whole carried wait up to the SQS maximum (its DelaySeconds was at least
   * that much of it, or the maximum).
   */
  private static long elapsedMillis(Message m, Duration carried) {
    String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    String first = m.attributes().get(
        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP);
    if (sent != null && first != null) {
      try {
        return Math.max(0, Long.parseLong(first) - Long.parseLong(sent));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    return Math.min(carried.toMillis(), SqsBrokerConfig.SQS_MAX_DELAY.toMillis());
  }

  private static String idOf(Move mv) {
    Meta meta = mv.meta();
    return meta == null ? mv.message().messageId() : meta.id();
  }

  /** Copies refused moves into the dead-letter queue; returns the delay messages to delete. */
  private List<Message> deadLetter(List<Move> refused, List<EntryResult> why, Instant now) {
    if (refused.isEmpty()) {
      return List.of();
    }
    List<Sends.Target> copies = new ArrayList<>();
    for (int i = 0; i < refused.size(); i++) {
      Move mv = refused.get(i);
      Message m = mv.message();
      Meta meta = mv.meta();
      byte[] body;
      if (meta == null) {
        body = m.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        meta = new Meta(m.messageId(), java.util.Map.of(), 0, Deliveries.sentAt(m), 0, null,
            null);
      } else {
        Codec.Decoded d = Codec.decode(m.body(), m.messageAttributes());
        body = d == null ? new byte[0] : d.body();
        meta = meta.withDelay(null);
      }
      JobFailure failure = new JobFailure(FailureReason.NON_RETRYABLE, "sqs.MoveRefused",
          "the SQS delay pump could not move this job out of the delay queue of '"
              + queue.queue() + "' after " + Deliveries.receiveCount(m) + " round(s): SQS said "
              + why.get(i).describe(), "", meta.baseCount(), now, "sqs-delay-pump");
      copies.add(new Sends.Target(queue.dlq(), core.toDeadLetters(
          DeadLetterQueues.fit(core, body, meta, failure), meta.id(), m.messageId())));
      LOG.error("Delay pump of queue '{}': SQS refused to move job {} ({}); it goes to the"
          + " dead-letter queue", queue.queue(), meta.id(), why.get(i).describe());
    }
    List<EntryResult> results = core.sends.send(copies);
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < refused.size(); i++) {
      if (results.get(i).ok()) {
        out.add(refused.get(i).message());
      } else {
        LOG.error("Delay pump of queue '{}': the dead-letter queue refused job {} too ({}); it"
            + " stays in the delay queue", queue.queue(), idOf(refused.get(i)),
            results.get(i).describe());
      }
    }
    return out;
  }

  /** Deletes moved messages, repeating deletes SQS refused for a transient reason. */
  private void deleteAll(List<Message> moved) {
    for (int from = 0; from < moved.size(); from += Batcher.MAX_BATCH) {
      List<Message> batch = moved.subList(from, Math.min(moved.size(), from + Batcher.MAX_BATCH));
      for (int attempt = 1; !batch.isEmpty(); attempt++) {
        List<EntryResult> r = core.calls.deleteResults(queue.delay(),
            batch.stream().map(Message::receiptHandle).toList());
        List<Message> again = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
          if (r.get(k).retryable()) {
            again.add(batch.get(k));
          }
        }
        if (again.isEmpty()) {
          break;
        }
        if (attempt >= Sends.ATTEMPTS) {
          LOG.warn("Delay pump of queue '{}': SQS did not delete {} moved message(s) ({}); they"
              + " come back and are moved again (a duplicate; FIFO lanes drop it)",
              queue.queue(), again.size(), r.get(batch.indexOf(again.get(0))).describe());
          break;
        }
        batch = again;
      }
    }
  }
}
