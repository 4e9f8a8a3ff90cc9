package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels that take messages with {@code basic.get} and hold them unacknowledged while
 * leased: an ack must go to the channel that received the delivery, so each lease remembers its
 * channel's slot and generation. A channel that RabbitMQ closes (for instance when a delivery
 * stays unacknowledged past the server's {@code consumer_timeout}) has its unacknowledged
 * deliveries returned to their queues by RabbitMQ; the slot then opens a new channel of a new
 * generation, and leases of the old one are refused.
 */
final class LeaseChannels {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseChannels.class);

  private final Connection connection;
  private final Recovery recovery;
  private final String where;
  private final Slot[] slots;
  private final AtomicInteger next = new AtomicInteger();

  /** Where a delivery was received; valid while its slot still has that channel and epoch. */
  record Handle(Slot slot, Channel channel, long generation, long epoch) {}

  /** One channel position. */
  static final class Slot {
    final int index;
    @Nullable Channel channel;
    long generation;

    Slot(int index) {
      this.index = index;
    }
  }

  LeaseChannels(Connection connection, Recovery recovery, String where, int size) {
    this.connection = connection;
    this.recovery = recovery;
    this.where = where;
    this.slots = new Slot[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new Slot(i);
    }
  }

  /** A channel to receive on, round robin over the slots. */
  Handle next() throws IOException {
    Slot s = slots[Math.floorMod(next.getAndIncrement(), slots.length)];
    synchronized (s) {
      Channel ch = s.channel;
      if (ch == null || !ch.isOpen()) {
        ch = connection.createChannel();
        if (ch == null) {
          throw new IOException("no channel available (channel_max reached)");
        }
        ch.addShutdownListener(this::closed);
        s.channel = ch;
        s.generation++;
      }
      return new Handle(s, ch, s.generation, recovery.epoch());
    }
  }

  /** Whether deliveries received through {@code h} can still be settled on its channel. */
  boolean valid(Handle h) {
    synchronized (h.slot()) {
      return h.slot().channel == h.channel() && h.slot().generation == h.generation()
          && h.epoch() == recovery.epoch() && h.channel().isOpen();
    }
  }

  private void closed(ShutdownSignalException cause) {
    if (cause.isInitiatedByApplication()) {
      return;
    }
    String reason = String.valueOf(cause.getReason());
    if (reason.contains("consumer_timeout") || reason.contains("timed out")) {
      LOG.warn("RabbitMQ at {} closed a lease channel because a delivery stayed unacknowledged"
          + " longer than its consumer_timeout; the channel's leased jobs went back to their"
          + " queues and will run again. Raise consumer_timeout (rabbitmq.conf) above the"
          + " longest job. Server said: {}", where, reason);
    } else if (!cause.isHardError()) {
      LOG.warn("RabbitMQ at {} closed a lease channel; its leased jobs went back to their"
          + " queues. Server said: {}", where, reason);
    }
  }

  void close() {
    for (Slot s : slots) {
      synchronized (s) {
        Publisher.closeQuietly(s.channel);
      }
    }
  }
}
