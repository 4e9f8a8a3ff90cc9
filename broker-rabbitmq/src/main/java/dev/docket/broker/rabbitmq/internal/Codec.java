package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Set;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link Stored} messages to AMQP properties and back. User headers travel as top-level AMQP
 * headers, so tools see the task name and id without decoding bodies; the library's own headers
 * start with {@code x-docket-}. RabbitMQ's dead-lettering headers are dropped on the way back.
 */
final class Codec {
  static final String ID = "x-docket-id";
  static final String PRIORITY = "x-docket-priority";
  static final String ENQUEUED_AT = "x-docket-enqueued-at";
  static final String ATTEMPTS = "x-docket-attempts";
  static final String DUE = "x-docket-due";
  /** Which enqueue of the id a message is, the same in every copy of it (see Incarnations). */
  static final String INCARNATION = "x-docket-incarnation";
  /**
   * What is left of a delay longer than one pass of the tiers, in ms: a duration, so the
   * consumer re-delays by exactly that much without comparing its clock with the publisher's.
   */
  static final String DELAY_LEFT = "x-docket-delay-left";
  static final String F_REASON = "x-docket-failure-reason";
  static final String F_CLASS = "x-docket-failure-class";
  static final String F_MESSAGE = "x-docket-failure-message";
  static final String F_STACK = "x-docket-failure-stack";
  static final String F_ATTEMPTS = "x-docket-failure-attempts";
  static final String F_AT = "x-docket-failure-at";
  static final String F_WORKER = "x-docket-failure-worker";

  /**
   * Longest stack trace kept in a header: the whole header must fit in one AMQP frame (128 KiB by
   * default), so a longer trace is cut and marked.
   */
  static final int MAX_STACK_CHARS = 16 * 1024;

  private static final Set<String> SERVER_HEADERS = Set.of("x-death", "x-delivery-count", "x-acquired-count",
      "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
      "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason");

  private Codec() {}

  /**
   * Persistent properties carrying {@code m}. Lean on purpose: every header is encoded here,
   * parsed by RabbitMQ on publish and decoded again on delivery, so nothing is sent twice: the id
   * travels as the AMQP message id, the priority as the AMQP priority (0 when absent), the
   * library count only once it is not 0. {@link #read} still understands the older, fuller form
   * ({@code x-docket-id}, {@code x-docket-priority}).
   */
  static AMQP.BasicProperties properties(Stored m) {
    return properties(m, 0);
  }

  /** {@link #properties(Stored)} of a delayed message with {@code leftMillis} after this pass. */
  static AMQP.BasicProperties properties(Stored m, long leftMillis) {
    Map<String, Object> h = new HashMap<>(
        (m.headers().size() + 4) * 4 / 3 + 1);
    h.putAll(m.headers());
    h.put(ENQUEUED_AT, stamp(m.enqueuedAt()));
    if (m.attempts() > 0) {
      h.put(ATTEMPTS, m.attempts());
    }
    if (m.due() != null) {
      h.put(DUE, stamp(m.due()));
    }
    if (leftMillis > 0) {
      h.put(DELAY_LEFT, leftMillis);
    }
    if (m.incarnation() != null) {
      h.put(INCARNATION, m.incarnation());
    }
    JobFailure f = m.failure();
    if (f != null) {
      h.put(F_REASON, f.reason().name());
      h.put(F_CLASS, f.errorClass());
      h.put(F_MESSAGE, f.message());
      String stack = f.stackTrace();
      h.put(F_STACK, stack.length() <= MAX_STACK_CHARS ? stack
          : stack.substring(0, MAX_STACK_CHARS) + "\n\t… (cut at " + MAX_STACK_CHARS + " chars)");
      h.put(F_ATTEMPTS, f.attempts());
      h.put(F_AT, f.failedAt().toString());
      h.put(F_WORKER, f.workerId());
    }
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(2)
        .messageId(m.id())
        .priority(m.priority() == 0 ? null : m.priority())
        .timestamp(Date.from(m.enqueuedAt()))
        .headers(h)
        .build();
  }

  /**
   * Reads a message of Docket queue {@code queue}. A message published by another tool (no
   * Docket headers) gets its id from the AMQP message id or the delivery tag, and now as its
   * enqueue time, so it is still delivered and can be dead-lettered intact.
   */
  static Stored read(String queue, Envelope envelope, AMQP.BasicProperties props, byte[] body,
      Instant now) {
    Map<String, Object> raw = props.getHeaders() == null ? Map.of() : props.getHeaders();
    Map<String, String> user = new HashMap<>(raw.size() * 4 / 3 + 1);
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith("x-docket-") && !SERVER_HEADERS.contains(k) && e.getValue() != null) {
        user.put(k, text(e.getValue()));
      }
    }
    String id = text(raw.get(ID));
    if (id == null) {
      id = props.getMessageId() != null ? props.getMessageId()
          : "amqp-" + envelope.getDeliveryTag();
    }
    int priority = clampPriority(number(raw.get(PRIORITY),
        props.getPriority() == null ? 0 : props.getPriority()));
    Instant enqueuedAt = instant(raw.get(ENQUEUED_AT));
    if (enqueuedAt == null) {
      enqueuedAt = props.getTimestamp() != null ? props.getTimestamp().toInstant() : now;
    }
    int attempts = number(raw.get(ATTEMPTS), 0);
    // A delivery RabbitMQ handed out before (its channel closed without an ack): quorum queues
    // may count it in x-delivery-count (RabbitMQ 4.x counts only some returns there), classic
    // ones only flag it. At least one lost delivery either way; the fetch records it in
    // x-docket-attempts before the job runs (Fetcher), so returns never pile up uncounted.
    int returns = Math.max(envelope.isRedeliver() ? 1 : 0,
        number(raw.get("x-delivery-count"), 0));
    return new Stored(queue, id, body, user, priority, enqueuedAt, attempts, returns,
        instant(raw.get(DUE)), failure(raw, attempts + returns, now),
        text(raw.get(INCARNATION)));
  }

  /** The {@link #DELAY_LEFT} of a delivery in ms, or 0. */
  static long delayLeft(AMQP.BasicProperties props) {
    Object v = props.getHeaders() == null ? null : props.getHeaders().get(DELAY_LEFT);
    return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }

  private static @Nullable JobFailure failure(Map<String, Object> raw, int attempts, Instant now) {
    String reason = text(raw.get(F_REASON));
    if (reason != null) {
      FailureReason r;
      try {
        r = FailureReason.valueOf(reason);
      } catch (IllegalArgumentException e) {
        r = FailureReason.DELIVERY_LIMIT;
      }
      Instant at = instant(raw.get(F_AT));
      return new JobFailure(r, orEmpty(text(raw.get(F_CLASS))), orEmpty(text(raw.get(F_MESSAGE))),
          orEmpty(text(raw.get(F_STACK))), number(raw.get(F_ATTEMPTS), attempts),
          at == null ? now : at, orEmpty(text(raw.get(F_WORKER))));
    }
    if (raw.containsKey("x-death") || raw.containsKey("x-first-death-reason")) {
      // Dead-lettered by RabbitMQ itself: x-delivery-limit reached (a worker kept dying).
      return new JobFailure(FailureReason.DELIVERY_LIMIT, "",
          "dead-lettered by RabbitMQ (" + text(raw.get("x-first-death-reason"))
              + "): the job was returned to its queue more than x-delivery-limit times",
          "", attempts, now, "rabbitmq");
    }
    return null;
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static int clampPriority(int p) {
    return Math.max(0, Math.min(9, p));
  }

  static @Nullable String text(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LongString ls) {
      return ls.toString();
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  private static int number(@Nullable Object value, int fallback) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    String s = text(value);
    if (s == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Earliest and latest instants that fit in a long of epoch nanoseconds (1677 to 2262). */
  private static final Instant MIN_NANOS = Instant.ofEpochSecond(0, Long.MIN_VALUE);
  private static final Instant MAX_NANOS = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  /**
   * An instant as a header value: epoch nanoseconds (exact, and far cheaper to write and read
   * than ISO-8601 on every message), or ISO-8601 outside their range.
   */
  static Object stamp(Instant t) {
    if (t.isBefore(MIN_NANOS) || t.isAfter(MAX_NANOS)) {
      return t.toString();
    }
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Reads {@link #stamp}: epoch nanoseconds or ISO-8601 (also the form older clients wrote). */
  static @Nullable Instant instant(@Nullable Object value) {
    if (value instanceof Long nanos) {
      return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
          Math.floorMod(nanos, 1_000_000_000L));
    }
    String s = text(value);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
