package dev.docket.broker.sqs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Drains one queue's delay queue: a delayed message becomes visible there when its current hop
 * ends; if it is due it moves to its priority lane, otherwise it takes the next hop (at most
 * {@code maxDelayHop}, whole seconds rounded up). Moves are a batch send then a batch delete, so a
 * crash in between duplicates a message rather than losing it.
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
        List<Message> got = core.calls.receive(queue.delay(), 10, WAIT_SECONDS,
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

  private void move(List<Message> got) {
    Instant now = core.clock.instant();
    Map<String, List<SqsCalls.Outgoing>> byUrl = new LinkedHashMap<>();
    List<Message> handled = new ArrayList<>();
    for (Message m : got) {
      WireFormat.Decoded d = WireFormat.decode(m.body(), m.messageAttributes());
      String url;
      SqsCalls.Outgoing out;
      if (d == null) {
        // Not Docket's: the lowest lane delivers it, and the runtime dead-letters it.
        url = core.topology.lane(queue, 0);
        out = core.toLane(new SqsCalls.Outgoing(m.body(), m.messageAttributes(), 0,
            WireFormat.size(m.body(), m.messageAttributes())), queue.queue(), m.messageId(),
            FifoIds.move("mv", m.messageId(), m.messageId()));
      } else {
        Meta meta = d.meta();
        boolean due = meta.due() == null || !meta.due().isAfter(now);
        url = due ? core.topology.lane(queue, core.topology.band(meta.priority()))
            : queue.delay();
        int delay = due ? 0 : core.hop(Duration.between(now, meta.due()));
        out = new SqsCalls.Outgoing(m.body(), m.messageAttributes(), delay,
            WireFormat.size(m.body(), m.messageAttributes()));
        if (due) {
          // Into a FIFO lane: keyed on this delay message, so a re-send after a crash between
          // send and delete is dropped by SQS, while each new delay or retry goes through.
          out = core.toLane(out, queue.queue(), meta.id(),
              FifoIds.move("mv", meta.id(), m.messageId()));
        }
      }
      byUrl.computeIfAbsent(url, k -> new ArrayList<>()).add(out);
      handled.add(m);
    }
    core.send(byUrl);
    core.calls.deleteAll(queue.delay(), handled);
    core.signal.fire();
  }
}
