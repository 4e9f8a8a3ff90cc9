package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.docket.BrokerUnavailableException;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Declarations, passive counts, purges and deletes, serialized. Counts and purges, which may
 * meet a missing queue, run on a probe channel of their own: a 404 closes an AMQP channel, and
 * the client's topology recovery replays each declaration on the channel it was made on, so a
 * declaration channel closed by a probe would make every later recovery fail to re-declare.
 * Either channel is reopened on the next call whenever it died.
 */
final class Admin {
  private final Connection connection;
  private final String where;
  private @Nullable Channel channel;
  private @Nullable Channel probe;
  /** Counts asked for, for tests of how often the fetch barrier asks. */
  private long counts;

  Admin(Connection connection, String where) {
    this.connection = connection;
    this.where = where;
  }

  /** A body that may fail with an AMQP error. */
  interface Op<T> {
    T run(Channel ch) throws IOException;
  }

  synchronized <T> T run(String what, Op<T> op) {
    try {
      return op.run(channel());
    } catch (IOException | ShutdownSignalException e) {
      throw failed(what, e);
    }
  }

  /** Ready messages of {@code queue}, or -1 when it does not exist. */
  synchronized long count(String queue) {
    counts++;
    return probe("count queue " + queue,
        ch -> ch.queueDeclarePassive(queue).getMessageCount());
  }

  /** How many times {@link #count} was called. */
  synchronized long counts() {
    return counts;
  }

  /** Purges {@code queue}: how many messages it dropped, or -1 when it does not exist. */
  synchronized long purge(String queue) {
    return probe("purge queue " + queue, ch -> ch.queuePurge(queue).getMessageCount());
  }

  /**
   * Runs {@code op} on the probe channel: its count, or -1 when the queue it names does not
   * exist (the 404 closes the probe channel, not the declaration one).
   */
  private long probe(String what, Op<Integer> op) {
    try {
      return op.run(probe());
    } catch (IOException | ShutdownSignalException e) {
      // A 404 comes as the IOException of the closed channel.
      if (e instanceof IOException && notFound(e)) {
        return -1;
      }
      throw failed(what, e);
    }
  }

  void declareQueue(String name, Map<String, Object> args) {
    run("declare queue " + name, ch -> ch.queueDeclare(name, true, false, false, args));
  }

  private Channel probe() throws IOException {
    probe = openIfClosed(probe);
    return probe;
  }

  private Channel channel() throws IOException {
    channel = openIfClosed(channel);
    return channel;
  }

  private BrokerUnavailableException failed(String what, Exception e) {
    return new BrokerUnavailableException("RabbitMQ at " + where + " failed to " + what + ": "
        + reason(e), e);
  }

  /** {@code ch} while it is open, else a new channel. */
  private Channel openIfClosed(@Nullable Channel ch) throws IOException {
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    Channel fresh = connection.createChannel();
    if (fresh == null) {
      throw new IOException("no channel available (channel_max reached)");
    }
    return fresh;
  }

  static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s && String.valueOf(s.getReason())
          .contains("404")) {
        return true;
      }
    }
    return false;
  }

  /** The server's reason without the connection details. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s && s.getReason() != null) {
        return s.getReason().toString();
      }
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
