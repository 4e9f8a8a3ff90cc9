package dev.docket.internal;

import dev.docket.JobSerializationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads {@link Envelope}s as JSON with a plain tree model: no polymorphic typing, no
 * Java serialization, unknown fields ignored so newer writers stay readable. Thread-safe.
 */
public final class EnvelopeCodec {
  private final JsonMapper mapper;

  /** Uses {@code mapper} for arguments and the envelope. */
  public EnvelopeCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The mapper for arguments and results. */
  public JsonMapper mapper() {
    return mapper;
  }

  /** Encodes an envelope. */
  public byte[] encode(Envelope e) {
    ObjectNode root = mapper.createObjectNode();
    root.put("v", e.version());
    root.put("id", e.id());
    root.put("task", e.task());
    root.put("queue", e.queue());
    root.set("args", e.args());
    root.put("priority", e.priority());
    root.put("createdAt", e.createdAt().toString());
    if (e.eta() != null) {
      root.put("eta", e.eta().toString());
    }
    ObjectNode headers = root.putObject("headers");
    e.headers().forEach(headers::put);
    if (e.workflow() != null) {
      root.set("workflow", encodeLink(e.workflow()));
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JacksonException ex) {
      throw new JobSerializationException("could not encode job " + e.id() + ": " + ex
          .getOriginalMessage(), ex);
    }
  }

  /** Decodes bytes; throws {@link JobSerializationException} naming the first problem. */
  public Envelope decode(byte[] bytes) {
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JacksonException ex) {
      throw new JobSerializationException("body is not JSON: " + ex.getOriginalMessage(), ex);
    }
    if (root == null || !root.isObject()) {
      throw new JobSerializationException("body is not a JSON object");
    }
    JsonNode v = root.get("v");
    if (v == null || !v.isInt()) {
      throw new JobSerializationException("body has no integer field 'v' (envelope version)");
    }
    if (v.intValue() < 1 || v.intValue() > Envelope.VERSION) {
      throw new JobSerializationException("envelope version " + v.intValue()
          + " is not supported by this Docket (reads 1 to " + Envelope.VERSION + ")");
    }
    String id = requiredText(root, "id");
    String task = requiredText(root, "task");
    String queue = requiredText(root, "queue");
    JsonNode args = root.get("args");
    if (args == null) {
      throw new JobSerializationException("envelope has no field 'args'");
    }
    JsonNode priorityNode = root.get("priority");
    int priority = priorityNode != null && priorityNode.isInt() ? priorityNode.intValue() : 0;
    Instant createdAt = Objects.requireNonNull(instant(root, "createdAt", true));
    Instant eta = instant(root, "eta", false);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode headersNode = root.get("headers");
    if (headersNode != null && headersNode.isObject()) {
      for (Map.Entry<String, JsonNode> h : headersNode.properties()) {
        headers.put(h.getKey(), h.getValue().asString());
      }
    }
    JsonNode wf = root.get("workflow");
    WorkflowLink link = wf == null || wf.isNull() ? null : decodeLink(wf);
    return new Envelope(v.intValue(), id, task, queue, args, priority, createdAt, eta, headers,
        link);
  }

  private ObjectNode encodeLink(WorkflowLink link) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", link.id());
    n.put("kind", link.kind().name().toLowerCase(Locale.ROOT));
    n.put("index", link.index());
    n.put("size", link.size());
    ArrayNode next = n.putArray("next");
    link.next().forEach(r -> next.add(encodeRef(r)));
    if (link.callback() != null) {
      n.set("callback", encodeRef(link.callback()));
    }
    if (link.onError() != null) {
      n.set("onError", encodeRef(link.onError()));
    }
    return n;
  }

  private ObjectNode encodeRef(WorkflowLink.StepRef ref) {
    ObjectNode n = mapper.createObjectNode();
    n.put("task", ref.task());
    n.put("queue", ref.queue());
    n.put("priority", ref.priority());
    return n;
  }

  private static WorkflowLink decodeLink(JsonNode n) {
    if (!n.isObject()) {
      throw new JobSerializationException("envelope field 'workflow' is not an object");
    }
    String id = requiredText(n, "id");
    String kindText = requiredText(n, "kind");
    WorkflowLink.Kind kind;
    try {
      kind = WorkflowLink.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new JobSerializationException("workflow kind '" + kindText + "' is unknown; expected"
          + " chain, member, callback or error", ex);
    }
    List<WorkflowLink.StepRef> next = new ArrayList<>();
    JsonNode nextNode = n.get("next");
    if (nextNode != null && nextNode.isArray()) {
      for (JsonNode r : nextNode) {
        next.add(decodeRef(r));
      }
    }
    return new WorkflowLink(id, kind, intField(n, "index"), intField(n, "size"), next,
        optionalRef(n, "callback"), optionalRef(n, "onError"));
  }

  private static WorkflowLink.@Nullable StepRef optionalRef(JsonNode n, String field) {
    JsonNode r = n.get(field);
    return r == null || r.isNull() ? null : decodeRef(r);
  }

  private static WorkflowLink.StepRef decodeRef(JsonNode r) {
    if (!r.isObject()) {
      throw new JobSerializationException("a workflow step is not an object: " + r);
    }
    return new WorkflowLink.StepRef(requiredText(r, "task"), requiredText(r, "queue"),
        intField(r, "priority"));
  }

  private static int intField(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt()) {
      throw new JobSerializationException("workflow field '" + field + "' is not an integer");
    }
    return v.intValue();
  }

  private static String requiredText(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isString() || n.stringValue().isEmpty()) {
      throw new JobSerializationException("envelope has no text field '" + field + "'");
    }
    return n.stringValue();
  }

  private static @Nullable Instant instant(JsonNode root, String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new JobSerializationException("envelope has no field '" + field + "'");
      }
      return null;
    }
    try {
      return IsoInstants.parse(n.asString());
    } catch (DateTimeParseException ex) {
      throw new JobSerializationException(
          "envelope field '" + field + "' is not an ISO-8601 instant: " + n.asString(), ex);
    }
  }
}
