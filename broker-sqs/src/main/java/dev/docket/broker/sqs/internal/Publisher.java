package dev.docket.broker.sqs.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.support.PayloadLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Broker.publish} on SQS: claim each id, send, and settle the claims by what SQS answered
 * for each message.
 *
 * <p>A publish can store some messages and not others (SQS answers per entry). Every message SQS
 * stored keeps its claimed id, so a retry of the same call with the same ids answers {@link
 * PublishOutcome#DUPLICATE} for those and stores only the others; the ids of messages that were
 * not stored are freed. The call then throws, naming the messages that were not stored. A
 * request that failed as a whole (network) frees its ids: SQS may or may not have stored them,
 * and a possible duplicate is the at-least-once side of that doubt, a lost job is not.
 *
 * <p>A delay travels as a duration ({@code notBefore} minus this producer's now), never as the
 * producer's instant: see {@link Meta}.
 */
final class Publisher {

  /** How many ids an error message lists. */
  private static final int LISTED_IDS = 10;

  private final SqsCore core;

  Publisher(SqsCore core) {
    this.core = core;
  }

  private record Pending(String id, Meta meta, SqsCalls.Outgoing out) {}

  List<PublishOutcome> publish(String queue, List<Message> messages) {
    PayloadLimit.check("SQS broker", messages, core.capabilities.maxMessageBytes(),
        "option sqsMessageLimit " + core.config.sqsMessageLimit() + " minus Base64 and "
            + Codec.ATTRIBUTE_RESERVE + " bytes for attributes");
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> core.topology.of(queue));
    Instant now = core.clock.instant();
    List<Pending> pending = new ArrayList<>();
    for (Message m : messages) {
      Duration delay = m.notBefore() == null ? null : Duration.between(now, m.notBefore());
      Meta meta = new Meta(m.id(), m.headers(), m.priority(), now, 0, delay, null);
      pending.add(new Pending(m.id(), meta, core.outgoing(m.body(), meta)));
    }
    List<PublishOutcome> outcomes = new ArrayList<>();
    List<Pending> accepted = new ArrayList<>();
    for (Pending p : pending) {
      if (core.liveIds.add(queue, p.id(), core.liveUntil(p.meta().delay(), now))) {
        outcomes.add(PublishOutcome.ACCEPTED);
        accepted.add(p);
      } else {
        outcomes.add(PublishOutcome.DUPLICATE);
      }
    }
    List<EntryResult> results;
    try {
      results = core.sends.send(targets(q, accepted));
    } catch (RuntimeException e) {
      // Before any send (a lane could not be created): nothing was stored.
      accepted.forEach(p -> core.liveIds.remove(queue, p.id()));
      throw e;
    }
    List<String> failedIds = new ArrayList<>();
    EntryResult first = null;
    boolean transientOnly = true;
    for (int i = 0; i < accepted.size(); i++) {
      EntryResult r = results.get(i);
      if (!r.ok()) {
        core.liveIds.remove(queue, accepted.get(i).id());
        failedIds.add(accepted.get(i).id());
        first = first == null ? r : first;
        transientOnly &= r.retryable();
      }
    }
    if (accepted.size() > failedIds.size()) {
      core.signal.fire();
    }
    if (first != null) {
      String text = failedIds.size() + " of " + messages.size() + " message(s) for queue '"
          + queue + "' were not stored (ids " + listed(failedIds) + "; SQS said "
          + first.describe() + "). The other " + (accepted.size() - failedIds.size())
          + " were stored and keep their ids: a retry with the same ids stores only the missing"
          + " ones (the stored answer DUPLICATE)";
      throw transientOnly ? new BrokerUnavailableException(text) : new DocketException(text);
    }
    return outcomes;
  }

  private static String listed(List<String> ids) {
    return ids.size() <= LISTED_IDS ? String.join(", ", ids)
        : String.join(", ", ids.subList(0, LISTED_IDS)) + ", … (" + ids.size() + " in all)";
  }

  private List<Sends.Target> targets(QueueUrls q, List<Pending> accepted) {
    List<Sends.Target> out = new ArrayList<>(accepted.size());
    for (Pending p : accepted) {
      boolean delayed = p.meta().delay() != null;
      String url = delayed ? q.delay()
          : SqsCalls.call("create a lane of '" + q.queue() + "'",
              () -> core.topology.lane(q, core.topology.band(p.meta().priority())));
      SqsCalls.Outgoing message = delayed || core.fifo == null ? p.out()
          : core.toLane(p.out(), q.queue(), p.id(), FifoIds.enqueue(p.id()));
      out.add(new Sends.Target(url, message));
    }
    return out;
  }
}
