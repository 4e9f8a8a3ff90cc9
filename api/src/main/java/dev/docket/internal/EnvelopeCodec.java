package dev.docket.internal;

import dev.docket.JobSerializationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads {@link Envelope}s as JSON, streaming (the argument never becomes a tree on the
 * hot path): no polymorphic typing, no Java serialization, unknown fields ignored so newer writers
 * stay readable. Thread-safe.
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

  /**
   * Encodes an envelope, streaming: the argument is written straight from its value. A value
   * Jackson cannot write fails with a {@link JobSerializationException} naming the task.
   */
  public byte[] encode(Envelope e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("v", e.version());
      g.writeStringProperty("id", e.id());
      g.writeStringProperty("task", e.task());
      g.writeStringProperty("queue", e.queue());
      g.writeName("args");
      writeArgs(g, e);
      g.writeNumberProperty("priority", e.priority());
      g.writeStringProperty("createdAt", e.createdAt().toString());
      if (e.eta() != null) {
        g.writeStringProperty("eta", e.eta().toString());
      }
      g.writeName("headers");
      g.writeStartObject();
      for (Map.Entry<String, String> h : e.headers().entrySet()) {
        g.writeStringProperty(h.getKey(), h.getValue());
      }
      g.writeEndObject();
      if (e.workflow() != null) {
        g.writeName("workflow");
        g.writeTree(encodeLink(e.workflow()));
      }
      g.writeEndObject();
    } catch (JobSerializationException ex) {
      throw ex;
    } catch (JacksonException ex) {
      throw new JobSerializationException("could not encode job " + e.id() + ": " + ex
          .getOriginalMessage(), ex);
    }
    return out.toByteArray();
  }

  private void writeArgs(JsonGenerator g, Envelope e) {
    switch (e.args()) {
      case JobArgs.Json json -> g.writeRawValue(json.text());
      case JobArgs.Value value -> {
        try {
          g.writePOJO(value.value());
        } catch (JacksonException ex) {
          Object v = value.value();
          throw new JobSerializationException("arguments of task '" + e.task() + "' ("
              + (v == null ? "null" : v.getClass().getName()) + ") cannot be written as JSON: "
              + ex.getOriginalMessage(), ex);
        }
      }
    }
  }

  /**
   * Decodes bytes, streaming; throws {@link JobSerializationException} naming the first problem.
   * The argument stays as its span of {@code bytes} until the handler's type binds it.
   */
  public Envelope decode(byte[] bytes) {
    Fields f = new Fields();
    try (JsonParser p = mapper.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JobSerializationException("body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "v" -> f.version = intOrNull(p, t);
          case "id" -> f.id = text(p, t);
          case "task" -> f.task = text(p, t);
          case "queue" -> f.queue = text(p, t);
          case "args" -> f.args = args(p, t, bytes);
          case "priority" -> f.priority = StrictFields.priority(p, t);
          case "createdAt" -> f.createdAt = scalarText(p, t);
          case "eta" -> f.eta = scalarText(p, t);
          case "headers" -> f.headers = StrictFields.headers(p, t);
          case "workflow" -> f.workflow = t == JsonToken.VALUE_NULL ? null : p.readValueAsTree();
          default -> p.skipChildren();
        }
      }
    } catch (JacksonException ex) {
      throw new JobSerializationException("body is not JSON: " + ex.getOriginalMessage(), ex);
    }
    if (f.version == null) {
      throw new JobSerializationException("body has no integer field 'v' (envelope version)");
    }
    if (f.version < 1 || f.version > Envelope.VERSION) {
      throw new JobSerializationException("envelope version " + f.version
          + " is not supported by this Docket (reads 1 to " + Envelope.VERSION + ")");
    }
    String id = required(f.id, "id");
    String task = required(f.task, "task");
    String queue = StrictFields.queue(required(f.queue, "queue"), "envelope field 'queue'");
    if (f.args == null) {
      throw new JobSerializationException("envelope has no field 'args'");
    }
    Instant createdAt = Objects.requireNonNull(instant("createdAt", f.createdAt, true));
    Instant eta = instant("eta", f.eta, false);
    WorkflowLink link = f.workflow == null || f.workflow.isNull() ? null : decodeLink(f.workflow);
    return new Envelope(f.version, id, task, queue, f.args, f.priority, createdAt, eta, f.headers,
        link);
  }

  /** What decode has read so far; null where the field was absent. */
  private static final class Fields {
    @Nullable Integer version;
    @Nullable String id;
    @Nullable String task;
    @Nullable String queue;
    @Nullable JobArgs args;
    int priority;
    @Nullable String createdAt;
    @Nullable String eta;
    Map<String, String> headers = Map.of();
    @Nullable JsonNode workflow;
  }

  private static @Nullable Integer intOrNull(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      return p.getIntValue();
    }
    p.skipChildren();
    return null;
  }

  /** Null for JSON null; a container's text is empty (and fails to parse as an instant). */
  private static @Nullable String scalarText(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    return p.getString();
  }

  private static @Nullable String text(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    p.skipChildren();
    return null;
  }

  /** A container keeps its byte span; a scalar (rare: a number, a string) becomes a tree node. */
  private static JobArgs args(JsonParser p, JsonToken t, byte[] bytes) {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      long start = p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      long end = p.currentLocation().getByteOffset();
      if (start >= 0 && end > start && end <= bytes.length) {
        return new JobArgs.Json(bytes, (int) start, (int) (end - start));
      }
      throw new JobSerializationException("could not locate the arguments in the body");
    }
    return JobArgs.of(p.readValueAsTree());
  }

  private static String required(@Nullable String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new JobSerializationException("envelope has no text field '" + field + "'");
    }
    return value;
  }

  private static @Nullable Instant instant(String field, @Nullable String text,
      boolean required) {
    if (text == null) {
      if (required) {
        throw new JobSerializationException("envelope has no field '" + field + "'");
      }
      return null;
    }
    try {
      return IsoInstants.parse(text);
    } catch (DateTimeParseException ex) {
      throw new JobSerializationException(
          "envelope field '" + field + "' is not an ISO-8601 instant: " + text, ex);
    }
  }

  private ObjectNode encodeLink(WorkflowLink link) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", link.id());
    n.put("kind", link.kind().name().toLowerCase(Locale.ROOT));
    n.put("index", link.index());
    n.put("size", link.size());
    ArrayNode next = n.putArray("next");
    link.next().forEach(r -> next.add(r.toJson(mapper)));
    if (link.callback() != null) {
      n.set("callback", link.callback().toJson(mapper));
    }
    if (link.onError() != null) {
      n.set("onError", link.onError().toJson(mapper));
    }
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
    if (nextNode != null && !nextNode.isNull()) {
      if (!nextNode.isArray()) {
        throw new JobSerializationException("workflow field 'next' is not an array");
      }
      for (JsonNode r : nextNode) {
        next.add(decodeRef(r));
      }
    }
    int index = intField(n, "index");
    int size = intField(n, "size");
    if (size < 1 || index < 0 || index >= size) {
      throw new JobSerializationException("workflow index " + index + " and size " + size
          + " are out of range (0 <= index < size)");
    }
    return new WorkflowLink(id, kind, index, size, next, optionalRef(n, "callback"),
        optionalRef(n, "onError"));
  }

  private static WorkflowLink.@Nullable StepRef optionalRef(JsonNode n, String field) {
    JsonNode r = n.get(field);
    return r == null || r.isNull() ? null : decodeRef(r);
  }

  private static WorkflowLink.StepRef decodeRef(JsonNode r) {
    if (!r.isObject()) {
      throw new JobSerializationException("a workflow step is not an object: " + r);
    }
    int priority = intField(r, "priority");
    if (priority < 0 || priority > 9) {
      throw new JobSerializationException("workflow step priority " + priority
          + " is not from 0 to 9");
    }
    return new WorkflowLink.StepRef(requiredText(r, "task"),
        StrictFields.queue(requiredText(r, "queue"),
            "workflow step field 'queue'"), priority);
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
}
