package dev.docket.spi;

import dev.docket.spi.support.Require;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message handed to {@link Broker#publish}: an opaque body plus the metadata a broker needs to
 * route it. The broker never parses the body.
 *
 * @param id the job id; unique per queue while the message is live (see {@link Broker#publish})
 * @param body the encoded job envelope; brokers store and return these exact bytes
 * @param headers small string headers that travel beside the body (task name, job id)
 * @param priority message priority, {@link #MIN_PRIORITY} to {@link #MAX_PRIORITY}, higher first
 * @param notBefore the earliest instant the message may be delivered, or {@code null} for now
 * @since 0.1
 */
public record Message(
    String id, byte[] body, Map<String, String> headers, int priority, @Nullable Instant notBefore) {

  /** Lowest message priority. */
  public static final int MIN_PRIORITY = 0;

  /** Highest message priority. */
  public static final int MAX_PRIORITY = 9;

  /** Validates and copies. */
  public Message {
    Require.nonNull("id", id, "body", body, "headers", headers);
    headers = Map.copyOf(headers);
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", was " + priority);
    }
  }

  /** A message due now with priority 0. */
  public static Message of(String id, byte[] body, Map<String, String> headers) {
    return new Message(id, body, headers, MIN_PRIORITY, null);
  }

  /** This message with another {@code notBefore}. */
  public Message withNotBefore(Instant instant) {
    return new Message(id, body, headers, priority, instant);
  }

  @Override
  public String toString() {
    return "Message[id=" + id + ", bytes=" + body.length + ", headers=" + headers
        + ", priority=" + priority + ", notBefore=" + notBefore + "]";
  }
}
