package dev.docket.broker.redis.internal;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.Headers;
import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter side of the Redis broker. Each dead letter has its own key {@code "id
 * deadSeq"}, so a job dead-lettered twice (replayed, failed again) keeps both letters. Listing pages
 * by dead-letter sequence (the cursor); replay and purge collect the matching letter keys (by id:
 * a walk of the keys, a page of 1000 at a time, since one id may have several), then move or
 * delete them in batches, each batch one script. Thread-safe.
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
    return inBatches(QueueOps.DLQ_REPLAY, queue, matching(queue, filter));
  }

  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    checkOpen.run();
    return inBatches(QueueOps.DLQ_PURGE, queue, matching(queue, filter));
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

  private long inBatches(Script script, String queue, List<String> keys) {
    long n = 0;
    for (int i = 0; i < keys.size(); i += BATCH) {
      List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
      byte[][] args = batch.stream().map(QueueOps::utf8).toArray(byte[][]::new);
      n += ops.runLong(script, queue, args);
    }
    return n;
  }

  /** The keys of the matching letters, oldest first. */
  private List<String> matching(String queue, DeadLetterFilter filter) {
    List<String> keys = new ArrayList<>();
    switch (filter) {
      case DeadLetterFilter.Ids i -> keys.addAll(allKeys(queue, i.ids()));
      case DeadLetterFilter.All a -> keys.addAll(allKeys(queue, null));
      case DeadLetterFilter.Task t -> {
        String cursor = null;
        do {
          Page<Raw> page = rawPage(queue, cursor, BATCH);
          for (Raw r : page.items()) {
            if (t.task().equals(Codec.deadHeaders(r.value()).get(Headers.TASK))) {
              keys.add(r.key());
            }
          }
          cursor = page.nextCursor();
        } while (cursor != null);
      }
    }
    return keys;
  }

  private List<String> allKeys(String queue, @Nullable Set<String> ids) {
    List<String> keys = new ArrayList<>();
    String after = "-inf";
    while (true) {
      List<Object> page = ops.runList(QueueOps.DLQ_IDS, queue, QueueOps.utf8(after));
      if (page.size() <= 1) {
        return keys;
      }
      after = QueueOps.string(page.get(0));
      for (int i = 1; i < page.size(); i++) {
        String key = QueueOps.string(page.get(i));
        if (ids == null || ids.contains(idOf(key))) {
          keys.add(key);
        }
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
