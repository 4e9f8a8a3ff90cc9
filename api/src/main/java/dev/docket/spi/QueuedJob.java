package dev.docket.spi;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A read-only look at one live job of a queue, as {@link QueueBrowser} shows it: the metadata a
 * broker keeps beside the body, the body's size and its first bytes. Never a lease: holding one
 * changes nothing on the broker, and the job may have moved on by the time it is read.
 *
 * @param queue the queue
 * @param id the job id
 * @param state where the job was when it was read
 * @param priority its message priority
 * @param headers its headers ({@link Headers#TASK} names the task)
 * @param dueAt for a {@link State#DELAYED} job, when it comes due; for a {@link State#READY} job,
 *     when it became ready if the broker records it; for an {@link State#IN_FLIGHT} job, when its
 *     lease ends; {@code null} when unknown
 * @param enqueuedAt when it was published
 * @param deliveries how many times it was delivered so far
 * @param bodySize the size of the whole body in bytes
 * @param preview the body's first bytes, at most {@link QueueBrowser#PREVIEW_BYTES}; the whole
 *     body when it is that short
 * @since 0.4
 */
public record QueuedJob(
    String queue,
    String id,
    State state,
    int priority,
    Map<String, String> headers,
    @Nullable Instant dueAt,
    Instant enqueuedAt,
    int deliveries,
    long bodySize,
    byte[] preview) {

  /** Where a live job is. */
  public enum State {
    /** Due, waiting for a worker. */
    READY,
    /** Waiting for its due time. */
    DELAYED,
    /** Leased to a worker. */
    IN_FLIGHT
  }

  /** Validates and copies. */
  public QueuedJob {
    Require.nonNull("queue", queue, "id", id, "state", state, "headers", headers,
        "enqueuedAt", enqueuedAt, "preview", preview);
    headers = Map.copyOf(headers);
    preview = preview.clone();
    if (preview.length > bodySize) {
      throw new IllegalArgumentException("preview of " + preview.length
          + " bytes is longer than the body of " + bodySize);
    }
  }

  /** The task name from the headers, or {@code null} when the job carries none. */
  public @Nullable String task() {
    return headers.get(Headers.TASK);
  }

  /** A copy of the preview bytes. */
  @Override
  public byte[] preview() {
    return preview.clone();
  }

  /**
   * A preview of {@code body}: its first {@link QueueBrowser#PREVIEW_BYTES} bytes, for brokers
   * that hold the whole body.
   */
  public static byte[] previewOf(byte[] body) {
    return Arrays.copyOf(body, Math.min(body.length, QueueBrowser.PREVIEW_BYTES));
  }

  @Override
  public String toString() {
    return "QueuedJob[queue=" + queue + ", id=" + id + ", state=" + state + ", priority="
        + priority + ", task=" + task() + ", dueAt=" + dueAt + ", deliveries=" + deliveries
        + ", bodySize=" + bodySize + "]";
  }
}
