package dev.docket.broker.redis.internal;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Headers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter side of the Redis broker. Listing pages by dead-letter sequence (the cursor);
 * replay and purge collect the matching ids, then move or delete them in batches, each batch one
 * script. Thread-safe.
 */
public final class RedisDeadLetters implements DeadLetterStore {

  private static final int BATCH = 500;

  private final QueueOps ops;
  private final Runnable checkOpen;

  /** Dead letters through {@code ops}; {@code checkOpen} throws once the broker is closed. */
  public RedisDeadLetters(QueueOps ops, Runnable checkOpen) {
    this.ops = ops;
    this.checkOpen = checkOpen;
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    checkOpen.run();
    Page<Raw> page = rawPage(queue, cursor, limit);
    List<DeadLetter> items = new ArrayList<>(page.items().size());
    for (Raw r : page.items()) {
      JobCodec.DeadValue v = JobCodec.dead(r.value());
      items.add(new DeadLetter(queue, r.id(), v.body(), v.headers(), v.priority(),
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

  private long inBatches(Script script, String queue, List<String> ids) {
    long n = 0;
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
      byte[][] args = batch.stream().map(QueueOps::utf8).toArray(byte[][]::new);
      n += ops.runLong(script, queue, args);
    }
    return n;
  }

  private List<String> matching(String queue, DeadLetterFilter filter) {
    List<String> ids = new ArrayList<>();
    switch (filter) {
      case DeadLetterFilter.Ids i -> ids.addAll(i.ids());
      case DeadLetterFilter.All a -> {
        String after = "-inf";
        while (true) {
          List<Object> page = ops.runList(QueueOps.DLQ_IDS, queue,
              QueueOps.utf8(after));
          if (page.size() <= 1) {
            break;
          }
          after = QueueOps.string(page.get(0));
          for (int i = 1; i < page.size(); i++) {
            ids.add(QueueOps.string(page.get(i)));
          }
        }
      }
      case DeadLetterFilter.Task t -> {
        String cursor = null;
        do {
          Page<Raw> page = rawPage(queue, cursor, BATCH);
          for (Raw r : page.items()) {
            if (t.task().equals(JobCodec.deadHeaders(r.value()).get(Headers.TASK))) {
              ids.add(r.id());
            }
          }
          cursor = page.nextCursor();
        } while (cursor != null);
      }
    }
    return ids;
  }

  private record Raw(String id, byte[] value) {}

  private Page<Raw> rawPage(String queue, @Nullable String cursor, int limit) {
    String after = cursor == null ? "-inf" : checkCursor(cursor);
    List<Object> out = ops.runList(QueueOps.DLQ_LIST, queue,
        QueueOps.utf8(after), QueueOps.ascii(limit));
    boolean more = ((Long) out.get(0)) == 1L;
    List<Raw> items = new ArrayList<>();
    String last = null;
    for (int i = 1; i + 2 < out.size(); i += 3) {
      String id = QueueOps.string(out.get(i));
      last = QueueOps.string(out.get(i + 1));
      items.add(new Raw(id, (byte[]) out.get(i + 2)));
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
