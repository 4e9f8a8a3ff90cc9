package dev.docket.cli;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the listing commands share: the broker's queues, a job's fields, a readable preview. */
final class Browsing {

  /** Most queues {@code docket queues} and {@code docket job} look at. */
  static final int MAX_QUEUES = 10_000;

  private Browsing() {}

  /** Every queue the broker lists, up to {@link #MAX_QUEUES}, a page of 500 at a time. */
  static List<QueueInfo> allQueues(Broker broker) {
    List<QueueInfo> out = new ArrayList<>();
    String cursor = null;
    do {
      Page<QueueInfo> page = broker.browser().queues(cursor, 500);
      out.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null && out.size() < MAX_QUEUES);
    return out;
  }

  /** The reason the broker gives for not doing what a browser call needs. */
  static String reason(Broker broker, boolean listing) {
    try {
      if (listing) {
        broker.browser().queues(null, 1);
      } else {
        broker.browser().job("docket-cli-probe", "docket-cli-probe");
      }
      return "the broker does not declare " + (listing ? "listQueues" : "browse");
    } catch (UnsupportedOperationException e) {
      return e.getMessage() == null ? "the broker cannot do this" : e.getMessage();
    }
  }

  /** One job as table cells: id, task, priority, state, due, deliveries, size, preview. */
  static List<?> row(QueuedJob j) {
    return Arrays.asList(j.id(), j.task(), j.priority(), j.state().name(), j.dueAt(),
        j.deliveries(), j.bodySize(), preview(j, 60));
  }

  /** The columns of {@link #row}. */
  static final List<String> COLUMNS =
      List.of("id", "task", "priority", "state", "dueAt", "deliveries", "bytes", "preview");

  /** One job as named fields, for {@code docket job}. */
  static Map<String, Object> fields(QueuedJob j) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("queue", j.queue());
    f.put("brokerState", j.state().name());
    f.put("task", j.task());
    f.put("priority", j.priority());
    f.put("dueAt", j.dueAt());
    f.put("enqueuedAt", j.enqueuedAt());
    f.put("deliveries", j.deliveries());
    f.put("bytes", j.bodySize());
    f.put("preview", preview(j, QueueBrowser.PREVIEW_BYTES));
    return f;
  }

  /** The preview as one line of text: control characters shown as '.', cut to {@code max}. */
  static String preview(QueuedJob j, int max) {
    String s = new String(j.preview(), StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(max).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '.' : c));
    return b.length() < s.length() || j.preview().length < j.bodySize() ? b + "…" : b.toString();
  }
}
