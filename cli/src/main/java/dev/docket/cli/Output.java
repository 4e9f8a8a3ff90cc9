package dev.docket.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints rows as an aligned text table or, with {@code --json}, as JSON (an array of objects
 * keyed by the column names, or one object), so scripts never parse the table.
 */
final class Output {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** Prints rows under {@code columns}; each row has one cell per column. */
  void table(List<String> columns, List<List<?>> rows) {
    if (json) {
      out.println(JSON.writeValueAsString(objects(columns, rows)));
      return;
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = columns.get(i).length();
      for (List<?> row : rows) {
        widths[i] = Math.max(widths[i], text(row.get(i)).length());
      }
    }
    line(columns, widths);
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    line(rule, widths);
    for (List<?> row : rows) {
      line(row, widths);
    }
  }

  /** Prints one row per item under {@code columns}; {@code row} gives an item's cells. */
  <T> void table(List<String> columns, Iterable<T> items, Function<? super T, List<?>> row) {
    List<List<?>> rows = new ArrayList<>();
    items.forEach(item -> rows.add(row.apply(item)));
    table(columns, rows);
  }

  /**
   * Prints one page of rows. With {@code --json}: an object of {@code fields}, the rows under
   * {@code rowsKey} and {@code nextCursor}, not a bare array, so a script can follow the cursor.
   * Else the table, then the line {@code more} makes of the cursor when there is a next page.
   */
  void page(Map<String, ?> fields, String rowsKey, List<String> columns, List<List<?>> rows,
      @Nullable String nextCursor, UnaryOperator<String> more) {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>(fields);
      o.put(rowsKey, objects(columns, rows));
      o.put("nextCursor", nextCursor);
      object(o);
    } else {
      table(columns, rows);
      if (nextCursor != null) {
        out.println(more.apply(nextCursor));
      }
    }
  }

  /** The rows as JSON-ready objects keyed by the column names. */
  static List<Map<String, Object>> objects(List<String> columns, List<List<?>> rows) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (List<?> row : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        o.put(columns.get(i), row.get(i) == null ? null : jsonValue(row.get(i)));
      }
      objects.add(o);
    }
    return objects;
  }

  /** Prints one object: {@code key: value} lines, or a JSON object. */
  void object(Map<String, ?> fields) {
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      fields.forEach((k, v) -> o.put(k, v == null ? null : jsonValue(v)));
      out.println(JSON.writeValueAsString(o));
      return;
    }
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach((k, v) -> out.println(k + ":" + " ".repeat(width - k.length() + 1) + text(v)));
  }

  /** A message for people; with {@code --json} a {@code {"message": …}} object. */
  void message(String text) {
    if (json) {
      out.println(JSON.writeValueAsString(Map.of("message", text)));
    } else {
      out.println(text);
    }
  }

  private void line(List<?> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String t = text(cells.get(i));
      b.append(t);
      if (i < widths.length - 1) {
        b.append(" ".repeat(widths[i] - t.length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  /** Numbers and booleans stay JSON numbers and booleans; everything else is its text. */
  private static Object jsonValue(Object value) {
    return value instanceof Number || value instanceof Boolean || value instanceof Map
        || value instanceof List ? value : value.toString();
  }
}
