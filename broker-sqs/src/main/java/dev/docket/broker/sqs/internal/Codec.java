package dev.docket.broker.sqs.internal;

import dev.docket.JobFailure;
import dev.docket.spi.FailureJson;
import dev.docket.spi.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SQS form of a Docket message. The body is the published bytes in Base64, since an SQS body
 * must be text and Docket bodies may be any bytes; the {@link Meta} rides in one JSON string
 * attribute ({@value #META}), because SQS allows only ten attributes per message. The task name
 * is repeated in a plain attribute ({@value #TASK}) so that tools can filter without JSON.
 * No polymorphic typing: the JSON is read field by field.
 */
public final class Codec {

  /** The attribute holding the {@link Meta} JSON. */
  public static final String META = "docket";

  /** The attribute repeating the task name. */
  public static final String TASK = "docket-task";

  /** Room kept for attributes when deriving the largest body: 16 KiB. */
  public static final int ATTRIBUTE_RESERVE = 16 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Codec() {}

  /** The largest body whose Base64 form plus {@link #ATTRIBUTE_RESERVE} fits {@code limit}. */
  public static long maxBodyBytes(long sqsMessageLimit) {
    return (sqsMessageLimit - ATTRIBUTE_RESERVE) / 4 * 3;
  }

  /** The Base64 body. */
  public static String body(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The attributes of a message with {@code meta}. */
  public static Map<String, MessageAttributeValue> attributes(Meta meta) {
    Map<String, MessageAttributeValue> out = new HashMap<>();
    out.put(META, text(json(meta)));
    String task = meta.headers().get(Headers.TASK);
    if (task != null && !task.isEmpty()) {
      out.put(TASK, text(task));
    }
    return out;
  }

  /** The size SQS counts for a message: body plus attribute names, types and values. */
  public static long size(String body, Map<String, MessageAttributeValue> attributes) {
    long n = utf8(body);
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      n += utf8(e.getKey()) + utf8(e.getValue().dataType());
      String v = e.getValue().stringValue();
      n += v == null ? 0 : utf8(v);
    }
    return n;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /**
   * The decoded message, or {@code null} when it was not written by Docket (no or bad {@value
   * #META} attribute, or a body that is not Base64): the caller then hands out the raw text so
   * the runtime dead-letters it as undecodable instead of losing it.
   */
  public static @Nullable Decoded decode(String body, Map<String, MessageAttributeValue> attrs) {
    MessageAttributeValue meta = attrs.get(META);
    if (meta == null || meta.stringValue() == null) {
      return null;
    }
    try {
      return new Decoded(Base64.getDecoder().decode(body), meta(meta.stringValue()));
    } catch (IllegalArgumentException | JacksonException | NullPointerException e) {
      return null;
    }
  }

  /**
   * A decoded SQS message.
   *
   * @param body the original bytes
   * @param meta its Docket metadata
   */
  public record Decoded(byte[] body, Meta meta) {}

  static String json(Meta m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("id", m.id());
    ObjectNode h = n.putObject("headers");
    new LinkedHashMap<>(m.headers()).forEach(h::put);
    n.put("priority", m.priority());
    n.put("enqueuedAt", m.enqueuedAt().toEpochMilli());
    n.put("baseCount", m.baseCount());
    Duration delay = m.delay();
    if (delay != null) {
      n.put("delay", delay.toMillis());
    }
    Instant legacyDue = m.legacyDue();
    if (legacyDue != null) {
      n.put("due", legacyDue.toEpochMilli());
    }
    JobFailure f = m.failure();
    if (f != null) {
      FailureJson.write(f, n.putObject("failure"));
    }
    return JSON.writeValueAsString(n);
  }

  static Meta meta(String json) {
    JsonNode n = JSON.readTree(json);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = n.get("headers");
    if (h != null && h.isObject()) {
      h.properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    }
    JsonNode due = n.get("due");
    JsonNode delay = n.get("delay");
    JsonNode fn = n.get("failure");
    JobFailure failure = null;
    if (fn != null && fn.isObject()) {
      failure = FailureJson.read(fn);
    }
    return new Meta(n.get("id").asString(), headers, n.get("priority").asInt(),
        Instant.ofEpochMilli(n.get("enqueuedAt").asLong()), n.get("baseCount").asInt(),
        delay == null || delay.isNull() ? null : Duration.ofMillis(delay.asLong()),
        due == null || due.isNull() ? null : Instant.ofEpochMilli(due.asLong()), failure);
  }
}
