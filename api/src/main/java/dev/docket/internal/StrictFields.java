package dev.docket.internal;

import dev.docket.JobSerializationException;
import dev.docket.TaskType;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the optional envelope fields strictly. A field that is present must be valid: a value of
 * the wrong type or out of range makes the whole body undecodable, exactly like a bad required
 * field, so a job is never run as if the field were absent, zero or empty (a {@code priority} of
 * {@code 1e400} is not priority 0, a nested header is not an empty string). JSON {@code null}
 * counts as absent. Stateless.
 */
final class StrictFields {
  private StrictFields() {}

  /** {@code priority}: an integer from 0 to 9; null or absent is 0. */
  static int priority(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      int value = p.getIntValue();
      if (value >= 0 && value <= 9) {
        return value;
      }
    }
    String shown = shown(p, t);
    throw new JobSerializationException("envelope field 'priority' must be an integer from 0 to"
        + " 9, was " + shown);
  }

  /** {@code headers}: an object whose every value is a string; null or absent is empty. */
  static Map<String, String> headers(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      String shown = shown(p, t);
      throw new JobSerializationException("envelope field 'headers' must be an object of strings,"
          + " was " + shown);
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (v != JsonToken.VALUE_STRING) {
        String shown = shown(p, v);
        throw new JobSerializationException("envelope field 'headers': the value of '"
            + abbreviate(key) + "' must be a string, was " + shown);
      }
      out.put(key, p.getString());
    }
    return out;
  }

  /**
   * A queue name ({@code field} says where it stood), checked by the naming rule of {@link
   * TaskType#validateQueue}.
   */
  static String queue(String queue, String field) {
    try {
      return TaskType.validateQueue(queue);
    } catch (IllegalArgumentException e) {
      throw new JobSerializationException(field + ": " + abbreviateIn(e), e);
    }
  }

  /** A short description of the offending value; skips a container so the parser stays sane. */
  private static String shown(JsonParser p, JsonToken t) {
    return switch (t) {
      case START_OBJECT -> {
        p.skipChildren();
        yield "an object";
      }
      case START_ARRAY -> {
        p.skipChildren();
        yield "an array";
      }
      case VALUE_STRING -> "the string \"" + abbreviate(p.getString()) + "\"";
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE -> t == JsonToken.VALUE_TRUE ? "true" : "false";
      default -> abbreviate(p.getString());
    };
  }

  private static String abbreviateIn(IllegalArgumentException e) {
    String m = e.getMessage();
    return m == null ? "invalid" : m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
