package dev.docket.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's argument as the codec handles it, without a JSON tree in between: on the way out the
 * value itself (written straight into the envelope), on the way in the span of the envelope's
 * bytes that holds it (bound straight to the handler's type). Either reads as a tree for tools.
 */
public sealed interface JobArgs {

  /**
   * Binds the argument with {@code reader} (made by {@code mapper} for the handler's type);
   * throws Jackson's exception when it does not fit.
   */
  Object read(JsonMapper mapper, ObjectReader reader);

  /** The argument as a JSON tree. */
  JsonNode tree(JsonMapper mapper);

  /** An argument given as a value (a record, a collection, a {@link JsonNode}, or null). */
  static JobArgs of(@Nullable Object value) {
    return new Value(value);
  }

  /**
   * A value to write.
   *
   * @param value the argument; null is JSON null
   */
  record Value(@Nullable Object value) implements JobArgs {
    @Override
    public Object read(JsonMapper mapper, ObjectReader reader) {
      return reader.readValue(tree(mapper));
    }

    @Override
    public JsonNode tree(JsonMapper mapper) {
      return value instanceof JsonNode n ? n : mapper.valueToTree(value);
    }
  }

  /**
   * JSON text read from the wire: {@code length} bytes of {@code source} from {@code offset}. The
   * array is shared with the envelope's bytes and never modified.
   *
   * @param source the bytes that hold the argument
   * @param offset where the argument's JSON starts
   * @param length how many bytes it takes
   */
  record Json(byte[] source, int offset, int length) implements JobArgs {
    /** Checks the span. */
    public Json {
      if (offset < 0 || length < 0 || offset + length > source.length) {
        throw new IllegalArgumentException("span " + offset + "+" + length + " outside "
            + source.length + " bytes");
      }
    }

    @Override
    public Object read(JsonMapper mapper, ObjectReader reader) {
      return reader.readValue(source, offset, length);
    }

    @Override
    public JsonNode tree(JsonMapper mapper) {
      return mapper.readTree(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** The JSON text. */
    public String text() {
      return new String(source, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Json j && Arrays.equals(source, offset, offset + length,
          j.source, j.offset, j.offset + j.length);
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (int i = offset; i < offset + length; i++) {
        h = 31 * h + source[i];
      }
      return h;
    }

    @Override
    public String toString() {
      return "Json[" + text() + "]";
    }
  }
}
