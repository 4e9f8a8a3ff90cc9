package dev.docket;

import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Headers;
import dev.docket.spi.support.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One queue's dead-letter queue: list with paging, replay, purge. Obtained from {@link
 * Docket#deadLetters(String)}. Thread-safe.
 *
 * @since 0.1
 */
public final class DeadLetterQueue {
  /** Page size used when none is given. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final String queue;
  private final DeadLetterStore store;

  DeadLetterQueue(String queue, DeadLetterStore store) {
    this.queue = queue;
    this.store = store;
  }

  /** The queue whose dead letters these are. */
  public String queue() {
    return queue;
  }

  /** The first page, oldest first. */
  public Page<DeadJob> list() {
    return list(null, DEFAULT_PAGE_SIZE);
  }

  /** A page after {@code cursor} ({@code null}: first), at most {@code limit} long. */
  public Page<DeadJob> list(@Nullable String cursor, int limit) {
    Page<DeadLetter> page = store.list(queue, cursor, Require.atLeast("limit", limit, 1));
    return new Page<>(page.items().stream().map(DeadLetterQueue::toJob).toList(),
        page.nextCursor());
  }

  /** Puts one job back on its queue; true if it was there. */
  public boolean replay(JobId id) {
    Objects.requireNonNull(id, "id");
    return store.replay(queue, DeadLetterFilter.ids(id.value())) > 0;
  }

  /** Puts every dead job back; returns how many. */
  public long replayAll() {
    return store.replay(queue, DeadLetterFilter.all());
  }

  /** Puts every dead job of one task back; returns how many. */
  public long replayTask(String task) {
    return store.replay(queue, DeadLetterFilter.task(Objects.requireNonNull(task, "task")));
  }

  /** Deletes one dead job for good; true if it was there. */
  public boolean purge(JobId id) {
    Objects.requireNonNull(id, "id");
    return store.purge(queue, DeadLetterFilter.ids(id.value())) > 0;
  }

  /** Deletes every dead job for good; returns how many. */
  public long purgeAll() {
    return store.purge(queue, DeadLetterFilter.all());
  }

  /** Deletes every dead job of one task for good; returns how many. */
  public long purgeTask(String task) {
    return store.purge(queue, DeadLetterFilter.task(Objects.requireNonNull(task, "task")));
  }

  private static DeadJob toJob(DeadLetter letter) {
    return new DeadJob(
        JobId.of(letter.id()),
        letter.headers().getOrDefault(Headers.TASK, "?"),
        letter.queue(),
        letter.body(),
        letter.headers(),
        letter.enqueuedAt(),
        letter.failure());
  }
}
