package dev.docket.broker.redis.internal;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter side of the Redis broker. Each dead letter has its own key {@code "id
 * deadSeq"}, so a job dead-lettered twice (replayed, failed again) keeps both letters; the hash
 * {@code dlq} holds the values and the zset {@code dead} orders the keys by dead seq. Listing
 * pages by dead seq (the cursor).
 *
 * <p>Replay and purge by task or by ids read two indexes, so their cost grows with the number of
 * matching letters, not with the size of the dead-letter queue (before them, a replay by task
 * read and decoded every letter's value, and one by ids walked every key):
 *
 * <ul>
 *   <li>{@code dtask}, a zset at score 0 whose members are {@code "<task length>:<task><dead seq in
 *       16 digits><letter key>"}: one task's letters are one lex range, oldest first, and the
 *       length prefix keeps a task from matching another that starts with it;
 *   <li>{@code dids}, a zset at score 0 of every letter key: one id's letters are the lex range
 *       from {@code "id"} to {@code "id \xff"};
 *   <li>{@code didx}, a hash whose {@code upto} is the dead seq up to which every letter is in both
 *       indexes, and {@code walk} the cursor of an unfinished backfill.
 * </ul>
 *
 * <p>The scripts that add or remove letters ({@code dead}, {@code dlq_restore}, {@code dlq_replay},
 * {@code dlq_purge}) keep the indexes in the same atomic step; the task is read by the script
 * from the value's headers. A purge of every letter is the exception: keeping the indexes letter
 * by letter cost six times the purge itself, so it leaves them to the end and {@code
 * dlq_unindex} drops both at once (clearing {@code upto} if letters arrived meanwhile).
 *
 * <p>Letters stored before the indexes existed, or by an older Docket during a rolling upgrade,
 * leave {@code upto} behind the dead seq (which every Docket version increments per letter); a
 * search first runs {@code dlq_index} steps, each indexing at most 250 letters from a saved
 * cursor, until {@code upto} catches up. That walk happens once per upgrade; entries whose letter
 * an older Docket removed are dropped when a search meets them. The indexes cost about 320 bytes
 * per letter (with 32-character ids), next to about 1.7 KB for the letter itself.
 *
 * <p>Matching keys are collected first and then moved or deleted in batches, each batch one
 * script, so letters that die again during a replay are not replayed twice. Thread-safe.
 *
 * @param ops the broker's queue operations
 * @param checkOpen throws once the broker is closed
 */
public record RedisDeadLetters(QueueOps ops, Runnable checkOpen) implements DeadLetterStore {

  private static final int BATCH = 500;

  /** Most letters one list script returns; a larger limit gets a shorter page and a cursor. */
  private static final int MAX_PAGE = 1000;

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    Require.atLeast("limit", limit, 1);
    checkOpen.run();
    Page<Raw> page = rawPage(queue, cursor, Math.min(limit, MAX_PAGE));
    List<DeadLetter> items = new ArrayList<>(page.items().size());
    for (Raw r : page.items()) {
      Codec.DeadValue v = Codec.dead(r.value());
      items.add(new DeadLetter(queue, idOf(r.key()), v.body(), v.headers(), v.priority(),
          Instant.ofEpochMilli(v.enqueuedMs()), v.failure()));
    }
    return new Page<>(items, page.nextCursor());
  }

  @Override
  public long replay(String queue, DeadLetterFilter filter) {
    checkOpen.run();
    return inBatches(QueueOps.DLQ_REPLAY, queue, null, matching(queue, filter));
  }

  /**
   * A purge of every letter leaves their index entries to the end and then drops both indexes at
   * once ({@code dlq_unindex}): removing them letter by letter cost six times the purge itself.
   */
  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    checkOpen.run();
    if (filter instanceof DeadLetterFilter.All) {
      long n = inBatches(QueueOps.DLQ_PURGE, queue, ALL, allKeys(queue));
      ops.runLong(QueueOps.DLQ_UNINDEX, queue);
      return n;
    }
    return inBatches(QueueOps.DLQ_PURGE, queue, SOME, matching(queue, filter));
  }

  /**
   * Stores each letter as {@code "<id> m<tag>"}, the tag a hash of its stored value, so the same
   * letter restored twice is stored once and two letters of one id both stay.
   */
  @Override
  public long restore(String queue, List<DeadLetter> letters) {
    if (letters.size() > QueueBrowser.MAX_PAGE) {
      throw new IllegalArgumentException("at most " + QueueBrowser.MAX_PAGE
          + " letters per call, got " + letters.size());
    }
    checkOpen.run();
    if (letters.isEmpty()) {
      return 0;
    }
    byte[][] args = new byte[letters.size() * 3][];
    int i = 0;
    for (DeadLetter d : letters) {
      byte[] value = Codec.deadValue(d);
      args[i++] = QueueOps.utf8(d.id());
      args[i++] = QueueOps.utf8(Codec.tag(value));
      args[i++] = value;
    }
    return ops.runLong(QueueOps.DLQ_RESTORE, queue, args);
  }

  /** Runs {@code script} on the keys, BATCH at a time, each batch after {@code mode} if any. */
  private long inBatches(Script script, String queue, byte @Nullable [] mode, List<String> keys) {
    long n = 0;
    int first = mode == null ? 0 : 1;
    for (int i = 0; i < keys.size(); i += BATCH) {
      List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
      byte[][] args = new byte[batch.size() + first][];
      if (mode != null) {
        args[0] = mode;
      }
      for (int j = 0; j < batch.size(); j++) {
        args[j + first] = QueueOps.utf8(batch.get(j));
      }
      n += ops.runLong(script, queue, args);
    }
    return n;
  }

  /** Most ids one find script takes. */
  private static final int MAX_IDS = 1000;

  private static final byte[] TASK = QueueOps.utf8("task");
  private static final byte[] IDS = QueueOps.utf8("ids");
  private static final byte[] SOME = QueueOps.utf8("some");
  private static final byte[] ALL = QueueOps.utf8("all");

  /** The keys of the matching letters, oldest first. */
  private List<String> matching(String queue, DeadLetterFilter filter) {
    return switch (filter) {
      case DeadLetterFilter.All a -> allKeys(queue);
      case DeadLetterFilter.Task t -> {
        indexed(queue);
        yield byTask(queue, t.task());
      }
      case DeadLetterFilter.Ids i -> {
        indexed(queue);
        yield byIds(queue, i.ids());
      }
    };
  }

  /** Runs backfill steps until every letter of the queue is in the indexes. */
  private void indexed(String queue) {
    long done = 0;
    while (done == 0) {
      done = ops.runLong(QueueOps.DLQ_INDEX, queue);
    }
  }

  private List<String> byTask(String queue, String task) {
    List<String> keys = new ArrayList<>();
    byte[] taskBytes = QueueOps.utf8(task);
    byte[] cursor = new byte[0];
    while (true) {
      List<Object> page = ops.runList(QueueOps.DLQ_FIND, queue, TASK, taskBytes, cursor);
      for (int i = 1; i + 1 < page.size(); i += 2) {
        keys.add(QueueOps.string(page.get(i)));
      }
      cursor = (byte[]) page.get(0);
      if (cursor.length == 0) {
        return keys;
      }
    }
  }

  private List<String> byIds(String queue, Set<String> ids) {
    List<byte[]> wanted = new ArrayList<>();
    for (String id : ids) {
      // No letter key holds such an id, and the script refuses them.
      if (!id.isEmpty() && id.chars().noneMatch(RedisDeadLetters::isSpace)) {
        wanted.add(QueueOps.utf8(id));
      }
    }
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i += MAX_IDS) {
      List<byte[]> chunk = wanted.subList(i, Math.min(wanted.size(), i + MAX_IDS));
      byte[][] args = new byte[chunk.size() + 1][];
      args[0] = IDS;
      for (int j = 0; j < chunk.size(); j++) {
        args[j + 1] = chunk.get(j);
      }
      List<Object> page = ops.runList(QueueOps.DLQ_FIND, queue, args);
      for (int j = 1; j + 1 < page.size(); j += 2) {
        found.add(new Found(QueueOps.string(page.get(j)),
            Double.parseDouble(QueueOps.string(page.get(j + 1)))));
      }
    }
    found.sort(Comparator.comparingDouble(Found::seq));
    return found.stream().map(Found::key).toList();
  }

  private record Found(String key, double seq) {}

  /** The whitespace of Lua's {@code %s} (C's isspace), which no letter id holds. */
  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private List<String> allKeys(String queue) {
    List<String> keys = new ArrayList<>();
    String after = "-inf";
    while (true) {
      List<Object> page = ops.runList(QueueOps.DLQ_IDS, queue, QueueOps.utf8(after));
      if (page.size() <= 1) {
        return keys;
      }
      after = QueueOps.string(page.get(0));
      for (int i = 1; i < page.size(); i++) {
        keys.add(QueueOps.string(page.get(i)));
      }
    }
  }

  /** The job id of a letter key: "id seq", or a bare id for letters from before 0.2. */
  private static String idOf(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? key : key.substring(0, space);
  }

  private record Raw(String key, byte[] value) {}

  private Page<Raw> rawPage(String queue, @Nullable String cursor, int limit) {
    String after = cursor == null ? "-inf" : checkCursor(cursor);
    List<Object> out = ops.runList(QueueOps.DLQ_LIST, queue,
        QueueOps.utf8(after), QueueOps.ascii(limit));
    boolean more = ((Long) out.get(0)) == 1L;
    List<Raw> items = new ArrayList<>();
    String last = null;
    for (int i = 1; i + 2 < out.size(); i += 3) {
      String key = QueueOps.string(out.get(i));
      last = QueueOps.string(out.get(i + 1));
      items.add(new Raw(key, (byte[]) out.get(i + 2)));
    }
    return new Page<>(items, more && last != null ? last : null);
  }

  private static String checkCursor(String cursor) {
    if (cursor.isEmpty() || !cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not a cursor of the Redis broker: " + cursor);
    }
    return cursor;
  }
}
