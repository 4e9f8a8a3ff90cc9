package dev.docket.spi;

import dev.docket.Page;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Read-only views of a {@link Broker} for operator tools (the CLI, the dashboard): which queues
 * it holds, and a paged look at a queue's waiting jobs and at one job by id. Nothing here leases,
 * moves, creates or deletes anything; a view is a snapshot per page, so a job that moves while an
 * operator pages may show on two pages or none.
 *
 * <p>Why one small object beside {@link Broker#deadLetters()}, and not more {@code Broker}
 * methods: listing and browsing are optional (a broker that can only see a message by receiving
 * it must not pretend), they are for tools, not for the runtime, and the {@code Broker} SPI stays
 * small. {@link Capabilities#listQueues()} and {@link Capabilities#browse()} say in advance which
 * of these methods work, so the TCK and tools can decide without calling; a method whose
 * capability is false throws {@link UnsupportedOperationException} with a message that says why,
 * for tools to show as is.
 *
 * <p>Implementations are thread-safe; each call reads a bounded amount (one page), never a whole
 * queue.
 *
 * @since 0.4
 */
public interface QueueBrowser {

  /** The most body bytes a {@link QueuedJob#preview()} holds. */
  int PREVIEW_BYTES = 256;

  /** The most items one page may ask for. */
  int MAX_PAGE = 1000;

  /**
   * A page of the queues this broker holds (declared, or published to where publishing creates a
   * queue), in a stable order (by name where the broker can). Reading stats of a queue never adds
   * it here. Needs {@link Capabilities#listQueues()}.
   *
   * @param cursor {@code null} for the first page, else {@link Page#nextCursor()} of the previous
   * @param limit at most this many, 1 to {@link #MAX_PAGE}
   * @throws UnsupportedOperationException when the broker cannot list its queues, saying why
   */
  Page<QueueInfo> queues(@Nullable String cursor, int limit);

  /**
   * A page of the jobs of {@code queue} in {@code state}, in the order the broker keeps them:
   * ready jobs in delivery order (higher priority first), delayed jobs by due time, in-flight
   * jobs by lease end. A queue that does not exist is an empty page and is not created. Needs
   * {@link Capabilities#browse()}.
   *
   * @param cursor {@code null} for the first page, else {@link Page#nextCursor()} of the previous
   * @param limit at most this many, 1 to {@link #MAX_PAGE}
   * @throws UnsupportedOperationException when the broker cannot browse without receiving
   */
  Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor, int limit);

  /**
   * The live job {@code id} of {@code queue} (ready, delayed or in flight), or empty when the
   * queue holds no such job (never published, acknowledged, purged or dead-lettered). Needs
   * {@link Capabilities#browse()}.
   *
   * @throws UnsupportedOperationException when the broker cannot browse without receiving
   */
  Optional<QueuedJob> job(String queue, String id);

  /** Checks a page size argument. */
  static int checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was "
          + limit);
    }
    return limit;
  }

  /**
   * A browser that lists nothing and browses nothing: every method throws {@link
   * UnsupportedOperationException} with {@code why}. For brokers whose capabilities declare
   * neither {@link Capabilities#listQueues()} nor {@link Capabilities#browse()}.
   *
   * @param why one sentence naming the broker and the reason, shown to operators as is
   */
  static QueueBrowser unsupported(String why) {
    Objects.requireNonNull(why, "why");
    return new QueueBrowser() {
      @Override
      public Page<QueueInfo> queues(@Nullable String cursor, int limit) {
        throw new UnsupportedOperationException(why);
      }

      @Override
      public Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor,
          int limit) {
        throw new UnsupportedOperationException(why);
      }

      @Override
      public Optional<QueuedJob> job(String queue, String id) {
        throw new UnsupportedOperationException(why);
      }
    };
  }
}
