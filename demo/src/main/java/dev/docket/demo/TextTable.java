package dev.docket.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with a header row and columns padded to their widest cell. */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, the header " + header.size());
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    return this;
  }

  /** The table, two spaces between columns, a dashed line under the header. */
  String render(String indent) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, indent, header, width);
    List<String> dashes = new ArrayList<>();
    for (int w : width) {
      dashes.add("-".repeat(w));
    }
    line(sb, indent, dashes, width);
    rows.forEach(r -> line(sb, indent, r, width));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String indent, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder(indent);
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        l.append("  ");
      }
      l.append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length()));
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
