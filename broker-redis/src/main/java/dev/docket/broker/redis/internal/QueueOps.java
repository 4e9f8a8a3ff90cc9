package dev.docket.broker.redis.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the broker's scripts against one queue's keys. Each script gets {@code ARGV[1]} = now (the
 * injected clock's millis when time is controlled by a test, else empty so the script reads the
 * server's {@code TIME}) and {@code ARGV[2]} = the queue's wake channel. Thread-safe.
 */
public final class QueueOps {

  /** Every broker script, loaded from the jar once per class loader. */
  public static final Script ENQUEUE = Script.broker("enqueue");
  /** Promote, reclaim, lease. */
  public static final Script RESERVE = Script.broker("reserve");
  /** Deregister a waiting fetch. */
  public static final Script LEAVE = Script.broker("leave");
  /** One owner heartbeat on one queue. */
  public static final Script BEAT = Script.broker("beat");
  /** Ack by token. */
  public static final Script ACK = Script.broker("ack");
  /** Release by token. */
  public static final Script RELEASE = Script.broker("release");
  /** Extend a batch of leases by token. */
  public static final Script EXTEND = Script.broker("extend");
  /** Dead-letter by token. */
  public static final Script DEAD = Script.broker("dead");
  /** One snapshot of counts. */
  public static final Script STATS = Script.broker("stats");
  /** Purge ready and delayed, a batch at a time. */
  public static final Script PURGE = Script.broker("purge");
  /** A page of dead letters with values. */
  public static final Script DLQ_LIST = Script.broker("dlq_list");
  /** A page of dead-letter ids. */
  public static final Script DLQ_IDS = Script.broker("dlq_ids");
  /** Replay dead letters by id. */
  public static final Script DLQ_REPLAY = Script.broker("dlq_replay");
  /** Purge dead letters by id. */
  public static final Script DLQ_PURGE = Script.broker("dlq_purge");
  /** One bounded step of indexing dead letters stored without index entries. */
  public static final Script DLQ_INDEX = Script.broker("dlq_index");
  /** Drops the dead-letter indexes after a purge of every letter. */
  public static final Script DLQ_UNINDEX = Script.broker("dlq_unindex");
  /** Dead-letter keys of one task or of some ids, read from the indexes. */
  public static final Script DLQ_FIND = Script.broker("dlq_find");

  /** Read delayed jobs whole, for a migration. */
  public static final Script DELAYED = Script.broker("delayed");
  /** Delete waiting jobs by id, for a migration. */
  public static final Script UNWAIT = Script.broker("unwait");
  /** Store dead letters from another broker, idempotent by content. */
  public static final Script DLQ_RESTORE = Script.broker("dlq_restore");

  private static final byte[] SERVER_TIME = new byte[0];

  private final RedisLink link;
  private final String prefix;
  private final Clock clock;
  private final boolean clientTime;
  private final Map<String, QueueKeys> keys = new ConcurrentHashMap<>();

  /**
   * @param clientTime true to pass {@code clock}'s time to scripts (a test's manual clock), false
   *     to let scripts read the server's clock
   */
  public QueueOps(RedisLink link, String prefix, Clock clock, boolean clientTime) {
    this.link = link;
    this.prefix = prefix;
    this.clock = clock;
    this.clientTime = clientTime;
  }

  /** The keys of a queue. */
  public QueueKeys keys(String queue) {
    return keys.computeIfAbsent(queue, q -> QueueKeys.of(prefix, q));
  }

  /** The link. */
  public RedisLink link() {
    return link;
  }

  /** Whether scripts take "now" from the injected clock rather than the server's TIME. */
  public boolean clientTime() {
    return clientTime;
  }

  /** Runs {@code script} on {@code queue} with {@code args} after now and the channel. */
  public long runLong(Script script, String queue, byte[]... args) {
    return link.evalLong(script, keys(queue).keyArray(), argv(queue, nowArg(), args));
  }

  /** Like {@link #runLong} for scripts that return arrays. */
  public List<Object> runList(Script script, String queue, byte[]... args) {
    return link.evalList(script, keys(queue).keyArray(), argv(queue, nowArg(), args));
  }

  /**
   * Like {@link #runList}, with the script's "now" fixed to {@code nowMs} when time is the
   * injected clock's (so that values computed from it agree with the script's); ignored when
   * scripts read the server's clock.
   */
  public List<Object> runListAt(long nowMs, Script script, String queue, byte[]... args) {
    return link.evalList(script, keys(queue).keyArray(),
        argv(queue, clientTime ? ascii(nowMs) : SERVER_TIME, args));
  }

  /** Runs one call per queue/arguments pair in one pipeline; answers in order. */
  public List<List<Object>> runListAll(Script script, List<String> queues, List<byte[][]> args) {
    List<String[]> keys = new java.util.ArrayList<>(queues.size());
    List<byte[][]> argvs = new java.util.ArrayList<>(queues.size());
    byte[] now = nowArg();
    for (int i = 0; i < queues.size(); i++) {
      keys.add(keys(queues.get(i)).keyArray());
      argvs.add(argv(queues.get(i), now, args.get(i)));
    }
    return link.evalListAll(script, keys, argvs);
  }

  private byte[] nowArg() {
    return clientTime ? ascii(clock.millis()) : SERVER_TIME;
  }

  private byte[][] argv(String queue, byte[] now, byte[][] args) {
    byte[][] argv = new byte[args.length + 2][];
    argv[0] = now;
    argv[1] = keys(queue).channel().getBytes(StandardCharsets.UTF_8);
    System.arraycopy(args, 0, argv, 2, args.length);
    return argv;
  }

  /** A number as ASCII digits. */
  public static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** A string as UTF-8. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes returned by a script as a string. */
  public static String string(Object o) {
    return new String((byte[]) o, StandardCharsets.UTF_8);
  }

  /** {@code d} in whole milliseconds, rounded up, so a wait or lease is never shorter. */
  public static long ceilMillis(java.time.Duration d) {
    long ms = d.toMillis();
    return d.minusMillis(ms).isZero() ? ms : ms + 1;
  }
}
