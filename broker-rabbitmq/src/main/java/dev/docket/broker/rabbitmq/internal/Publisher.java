package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes with publisher confirms on a small pool of confirm-mode channels: a batch returns
 * only once RabbitMQ confirmed every message of it, and every publish is mandatory, so a message
 * that no queue takes fails the batch instead of vanishing. A channel that cannot be opened
 * before anything was sent is tried once more after the connection recovered. Once a message
 * went out, a broken channel or a lost confirm leaves the outcome unknown (RabbitMQ may have
 * stored any part of the batch): that is thrown as {@link BrokerUnavailableException}, never sent
 * again here, so a caller learns it and retries with the same ids, and a copy stored twice is
 * recognised by its incarnation (see {@code LiveIdRegistry}) instead of running twice unnoticed.
 */
final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final long CONFIRM_TIMEOUT_MS = 30_000;

  private final Connection connection;
  private final Recovery recovery;
  private final String where;
  private final BlockingQueue<Pooled> idle;

  /** A slot for a confirm channel and the first message it could not route in a batch. */
  private static final class Pooled {
    @Nullable Channel channel;
    final AtomicReference<@Nullable String> returned = new AtomicReference<>();
  }

  Publisher(Connection connection, Recovery recovery, String where, int size) {
    this.connection = connection;
    this.recovery = recovery;
    this.where = where;
    this.idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      idle.add(new Pooled());
    }
  }

  void publish(List<Outgoing> batch) {
    if (batch.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      Pooled p = borrow();
      boolean sent = false;
      try {
        Channel ch = ensureOpen(p);
        p.returned.set(null);
        for (Outgoing o : batch) {
          sent = true;
          ch.basicPublish(o.exchange(), o.routingKey(), true, o.properties(), o.body());
        }
        ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        String returned = p.returned.get();
        if (returned != null) {
          throw new DocketException("RabbitMQ at " + where + " could not route a message to "
              + returned + ": the queue does not exist; declare it first");
        }
        return;
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        closeQuietly(p.channel);
        if (sent) {
          throw new BrokerUnavailableException("RabbitMQ at " + where + " did not confirm a"
              + " publish of " + batch.size() + " message(s), which may or may not be stored: "
              + Admin.reason(e) + "; enqueue them again with the same job ids (a copy stored"
              + " twice runs once)", e);
        }
        if (attempt >= 2) {
          throw new BrokerUnavailableException("RabbitMQ at " + where + " refused a publish"
              + " channel; nothing of the " + batch.size() + " message(s) was sent: "
              + Admin.reason(e), e);
        }
        LOG.warn("no publish channel to RabbitMQ at {} ({}); trying again once the connection"
            + " is open", where, Admin.reason(e));
        recovery.awaitOpen(connection);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(p.channel);
        throw new BrokerUnavailableException("interrupted while waiting for RabbitMQ to confirm"
            + " a publish", e);
      } finally {
        idle.add(p);
      }
    }
  }

  private Pooled borrow() {
    try {
      Pooled p = idle.poll(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (p == null) {
        throw new BrokerUnavailableException("no publish channel to RabbitMQ at " + where
            + " became free within " + CONFIRM_TIMEOUT_MS + " ms");
      }
      return p;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnavailableException("interrupted while waiting for a publish channel", e);
    }
  }

  /** The slot's channel if open, else a fresh confirm channel in its place. */
  private Channel ensureOpen(Pooled p) throws IOException {
    Channel ch = p.channel;
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    ch = connection.createChannel();
    if (ch == null) {
      throw new IOException("no channel available (channel_max reached)");
    }
    ch.confirmSelect();
    ch.addReturnListener(r -> p.returned.compareAndSet(null, "'" + r.getRoutingKey() + "' ("
        + r.getReplyText() + ")"));
    p.channel = ch;
    return ch;
  }

  /** Closes every idle channel. */
  void close() {
    for (Pooled p : idle) {
      closeQuietly(p.channel);
    }
  }

  static void closeQuietly(@Nullable Channel ch) {
    try {
      if (ch != null && ch.isOpen()) {
        ch.close();
      }
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      // Already going away; nothing to release.
    }
  }
}
