package dev.docket.broker.rabbitmq.internal;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.support.PayloadLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The publish side of {@link RabbitCore}: idempotent enqueue through the live ids, an incarnation
 * per copy, and routing to a priority band now or through the delay tiers. Thread-safe.
 */
record Enqueue(RabbitCore core, Tiers tiers, Incarnations incarnations) {
  /** Publishes {@code messages} to {@code queue}; see {@link dev.docket.spi.Broker#publish}. */
  List<PublishOutcome> publish(String queue, List<Message> messages) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(messages, "messages");
    PayloadLimit.check("RabbitMQ broker", messages, core.config().maxMessageBytes(),
        "option " + RabbitBrokerConfig.MAX_MESSAGE_BYTES);
    core.declareQueue(queue);
    Instant now = core.clock().instant();
    List<PublishOutcome> out = new ArrayList<>(messages.size());
    List<Outgoing> batch = new ArrayList<>(messages.size());
    List<Stored> added = new ArrayList<>();
    try {
      for (Message m : messages) {
        Instant due = m.notBefore() != null && m.notBefore().isAfter(now) ? m.notBefore() : null;
        Instant keep = (due == null ? now : due).plus(core.config().dedupWindow());
        if (!core.ids().add(queue, m.id(), keep)) {
          out.add(PublishOutcome.DUPLICATE);
          continue;
        }
        Stored s = new Stored(queue, m.id(), m.body(), m.headers(), m.priority(), now, 0, 0, due,
            null, incarnations.forPublish(queue, m.id(), now));
        added.add(s);
        batch.add(route(s, now));
        out.add(PublishOutcome.ACCEPTED);
      }
      core.publisher().publish(batch);
    } catch (RuntimeException e) {
      // Not known to be stored, nor known not to be: the caller retries with the same ids, and
      // the retry publishes the same incarnations, so a consumer runs one of the copies only.
      for (Stored s : added) {
        core.ids().remove(queue, s.id());
        Instant due = s.due();
        incarnations.uncertain(queue, s.id(), java.util.Objects.requireNonNull(s.incarnation()),
            (due == null ? now : due).plus(core.config().dedupWindow()), now);
      }
      throw e;
    }
    if (!batch.isEmpty()) {
      core.fetcher().wake();
    }
    return out;
  }

  /**
   * Where a message goes: its band now, or the delay tiers when it is due later (declaring the
   * tiers it will pass through first, so none is missing on its way).
   */
  Outgoing route(Stored s, Instant now) {
    int band = Topology.bandOf(s.priority(), core.config());
    Instant due = s.due();
    if (due == null || !due.isAfter(now)) {
      String amqp = Topology.band(s.queue(), band);
      Source src = core.fetcher().source(amqp);
      if (src != null) {
        src.published();
      }
      return Outgoing.toQueue(amqp, s);
    }
    // Round up to whole milliseconds so the tiers never deliver early. The delay travels as
    // TTLs on RabbitMQ's clock, and what a longer delay has left after this pass as a duration
    // (never as a due time another host's clock would compare).
    long ms = Duration.between(now, due).plusNanos(999_999).toMillis();
    long pass = Math.min(ms, (1L << Topology.LEVELS) - 1);
    tiers.ensure(s.queue(), pass);
    return new Outgoing(Topology.levelExchange(Topology.LEVELS - 1),
        Topology.delayKey(pass, band, s.queue()), Codec.properties(s, ms - pass), s.body());
  }
}
