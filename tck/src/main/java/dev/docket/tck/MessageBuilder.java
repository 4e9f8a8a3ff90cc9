package dev.docket.tck;

import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds SPI {@link Message}s for tests: {@code aJob().withPriority(9).build()}. By default a
 * message gets a fresh id, a small body that names the id, the {@link Headers#TASK} header
 * {@value #DEFAULT_TASK}, priority 0 and no delay. Not thread-safe; build per thread.
 *
 * @since 0.1
 */
public final class MessageBuilder {

  /** The task header of built messages unless {@link #withTask} says otherwise. */
  public static final String DEFAULT_TASK = "tck.noop";

  private static final AtomicLong IDS = new AtomicLong();

  private String id;
  private byte @Nullable [] body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private int priority;
  private @Nullable Instant notBefore;

  private MessageBuilder() {
    this.id = "job-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    headers.put(Headers.TASK, DEFAULT_TASK);
  }

  /** A builder with the defaults above. */
  public static MessageBuilder aJob() {
    return new MessageBuilder();
  }

  /** The job id. */
  public MessageBuilder withId(String id) {
    this.id = Objects.requireNonNull(id, "id");
    return this;
  }

  /** The exact body bytes. */
  public MessageBuilder withBody(byte[] body) {
    this.body = Objects.requireNonNull(body, "body").clone();
    return this;
  }

  /** A UTF-8 body. */
  public MessageBuilder withBody(String body) {
    return withBody(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@link Headers#TASK} header. */
  public MessageBuilder withTask(String task) {
    headers.put(Headers.TASK, Objects.requireNonNull(task, "task"));
    return this;
  }

  /** One more header. */
  public MessageBuilder withHeader(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The message priority, 0 to 9. */
  public MessageBuilder withPriority(int priority) {
    this.priority = priority;
    return this;
  }

  /** Not deliverable before {@code instant}. */
  public MessageBuilder notBefore(Instant instant) {
    this.notBefore = instant;
    return this;
  }

  /** The message. */
  public Message build() {
    byte[] bytes = body != null ? body : ("{\"tck\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    return new Message(id, bytes, headers, priority, notBefore);
  }
}
