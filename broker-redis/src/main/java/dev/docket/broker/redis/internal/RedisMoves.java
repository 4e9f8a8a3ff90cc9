package dev.docket.broker.redis.internal;

import dev.docket.spi.Message;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.WaitingMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a migration needs from the Redis broker beyond the runtime's calls: read delayed jobs
 * whole ({@code delayed.lua}, read-only) and delete waiting jobs by id ({@code unwait.lua}, one
 * atomic script per call that checks every argument before its first write). Thread-safe.
 */
public final class RedisMoves {
  private final QueueOps ops;

  /** Moves through {@code ops}. */
  public RedisMoves(QueueOps ops) {
    this.ops = ops;
  }

  /** See {@link dev.docket.spi.Broker#delayedMessages}. */
  public List<WaitingMessage> delayed(String queue, int limit) {
    QueueBrowser.checkLimit(limit);
    List<Object> raw = ops.runList(QueueOps.DELAYED, queue, QueueOps.ascii(limit));
    List<WaitingMessage> out = new ArrayList<>(raw.size() / 4);
    for (int i = 0; i + 3 < raw.size(); i += 4) {
      String member = QueueOps.string(raw.get(i));
      String id = member.substring(member.indexOf('|') + 1);
      long due = (long) Double.parseDouble(QueueOps.string(raw.get(i + 1)));
      Codec.JobValue v = Codec.job((byte[]) raw.get(i + 2));
      String lease = QueueOps.string(raw.get(i + 3));
      int deliveries = lease.isEmpty() ? 0 : Integer.parseInt(lease.substring(0,
          lease.indexOf(':')));
      out.add(new WaitingMessage(new Message(id, v.body(), v.headers(), v.priority(),
          Instant.ofEpochMilli(due)), deliveries));
    }
    return out;
  }

  /** See {@link dev.docket.spi.Broker#removeWaiting}. */
  public Set<String> removeWaiting(String queue, Collection<String> ids) {
    if (ids.size() > QueueBrowser.MAX_PAGE) {
      throw new IllegalArgumentException("at most " + QueueBrowser.MAX_PAGE
          + " ids per call, got " + ids.size());
    }
    Set<String> out = new LinkedHashSet<>();
    if (ids.isEmpty()) {
      return out;
    }
    byte[][] args = ids.stream().map(QueueOps::utf8).toArray(byte[][]::new);
    for (Object o : ops.runList(QueueOps.UNWAIT, queue, args)) {
      out.add(QueueOps.string(o));
    }
    return out;
  }
}
