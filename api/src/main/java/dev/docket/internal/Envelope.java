package dev.docket.internal;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The versioned JSON wire format of one job; see {@code docs/wire-format.md}.
 *
 * @param version format version, {@link #VERSION}
 * @param id job id
 * @param task task name
 * @param queue queue it was enqueued to
 * @param args the argument: a value to write, or its JSON as read
 * @param priority message priority
 * @param createdAt when the client created it
 * @param eta the earliest run time, or {@code null}
 * @param headers user headers
 * @param workflow the workflow link, or {@code null} for a plain job
 */
public record Envelope(
    int version,
    String id,
    String task,
    String queue,
    JobArgs args,
    int priority,
    Instant createdAt,
    @Nullable Instant eta,
    Map<String, String> headers,
    @Nullable WorkflowLink workflow) {

  /** The format version this build writes. */
  public static final int VERSION = 1;

  /** Validates and copies. */
  public Envelope {
    Require.nonNull("id", id, "task", task, "queue", queue, "args", args, "createdAt", createdAt,
        "headers", headers);
    headers = Map.copyOf(headers);
  }

  /** A plain job, in no workflow. */
  public Envelope(int version, String id, String task, String queue, JobArgs args, int priority,
      Instant createdAt, @Nullable Instant eta, Map<String, String> headers) {
    this(version, id, task, queue, args, priority, createdAt, eta, headers, null);
  }
}
