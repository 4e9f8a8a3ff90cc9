package dev.docket.spi.support;

import dev.docket.PayloadTooLargeException;
import dev.docket.spi.Message;
import java.util.List;

/**
 * The payload size check every broker makes before it sends anything, with one message shape:
 * {@code job ID is N bytes; the Redis broker accepts at most M bytes (option maxMessageBytes);
 * nothing was enqueued}. Stateless.
 *
 * @since 0.3
 */
public final class PayloadLimit {
  private PayloadLimit() {}

  /**
   * Throws for the first message whose body exceeds {@code maxBytes}, before any is sent, so a
   * batch is enqueued whole or not at all.
   *
   * @param broker names the broker, e.g. {@code "Redis broker"}
   * @param limit names where the limit comes from, e.g. {@code "option maxMessageBytes"}
   * @throws PayloadTooLargeException naming the job, its size and the limit
   */
  public static void check(String broker, List<Message> messages, long maxBytes, String limit) {
    for (Message m : messages) {
      if (m.body().length > maxBytes) {
        throw tooLarge(broker, "job " + m.id(), m.body().length, maxBytes, limit);
      }
    }
  }

  /**
   * The exception for {@code what} of {@code bytes} bytes over {@code maxBytes}, for limits a
   * broker can only check on its own encoding (headers included, say).
   */
  public static PayloadTooLargeException tooLarge(String broker, String what, long bytes,
      long maxBytes, String limit) {
    return new PayloadTooLargeException(what + " is " + bytes + " bytes; the " + broker
        + " accepts at most " + maxBytes + " bytes (" + limit + "); nothing was enqueued");
  }
}
