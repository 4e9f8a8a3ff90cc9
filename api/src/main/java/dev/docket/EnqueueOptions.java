package dev.docket;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-enqueue options; every field is optional and falls back to the task's defaults.
 *
 * @param queue the queue, or {@code null} for the task's
 * @param delay run no earlier than this long from now, or {@code null}
 * @param eta run no earlier than this instant, or {@code null} (exclusive with {@code delay})
 * @param priority message priority 0 to 9, or {@code null} for the task's
 * @param jobId a caller-given id for idempotent enqueue, or {@code null} for a new UUIDv7
 * @param headers extra headers the handler sees in {@link JobContext#headers()}
 * @since 0.1
 */
public record EnqueueOptions(
    @Nullable String queue,
    @Nullable Duration delay,
    @Nullable Instant eta,
    @Nullable Integer priority,
    @Nullable JobId jobId,
    Map<String, String> headers) {

  private static final EnqueueOptions DEFAULTS = new EnqueueOptions(null, null, null, null, null,
      Map.of());

  /** Validates and copies. */
  public EnqueueOptions {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    if (queue != null) {
      TaskType.validateQueue(queue);
    }
    if (delay != null && eta != null) {
      throw new IllegalArgumentException("give either delay or eta, not both");
    }
    if (delay != null && delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    if (priority != null && (priority < 0 || priority > 9)) {
      throw new IllegalArgumentException("priority must be 0 to 9, was " + priority);
    }
  }

  /** No options: the task's defaults, due now, a generated id. */
  public static EnqueueOptions defaults() {
    return DEFAULTS;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link EnqueueOptions}. */
  public static final class Builder {
    private @Nullable String queue;
    private @Nullable Duration delay;
    private @Nullable Instant eta;
    private @Nullable Integer priority;
    private @Nullable JobId jobId;
    private Map<String, String> headers = Map.of();

    private Builder() {}

    /** The queue. */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** Run no earlier than this long from now. */
    public Builder delay(Duration delay) {
      this.delay = delay;
      return this;
    }

    /** Run no earlier than this instant. */
    public Builder eta(Instant eta) {
      this.eta = eta;
      return this;
    }

    /** Message priority 0 to 9, higher first. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** A caller-given id: a second enqueue with it is a no-op while the first job is live. */
    public Builder jobId(String jobId) {
      this.jobId = JobId.of(jobId);
      return this;
    }

    /** Extra headers. */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** Validates and builds. */
    public EnqueueOptions build() {
      return new EnqueueOptions(queue, delay, eta, priority, jobId, headers);
    }
  }
}
