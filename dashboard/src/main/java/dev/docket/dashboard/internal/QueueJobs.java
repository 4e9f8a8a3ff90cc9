package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;
import static dev.docket.dashboard.internal.Html.url;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.QueuedJob;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The job listing of the queue page: a page of ready or delayed jobs through the broker's
 * read-only browser, or, on a broker that can see a job only by receiving it (SQS, RabbitMQ), a
 * notice with the broker's own reason instead of a faked list. Never more than one page is read.
 */
final class QueueJobs {

  /** Most characters of a body preview shown in a row. */
  private static final int PREVIEW_CHARS = 80;

  private QueueJobs() {}

  /** The section for {@code queue}; {@code delayed} picks the set, {@code cursor} the page. */
  static String render(View view, String queue, boolean delayed, @Nullable String cursor) {
    Broker broker = view.docket.broker();
    StringBuilder b = new StringBuilder();
    if (!broker.capabilities().browse()) {
      String why;
      try {
        broker.browser().jobs(queue, QueuedJob.State.READY, null, 1);
        why = "the broker does not declare browsing";
      } catch (UnsupportedOperationException e) {
        why = String.valueOf(e.getMessage());
      }
      // Said plainly rather than faked: reading ready jobs would mean receiving them.
      return b.append("<p class=\"note\" id=\"no-browse\">This broker cannot browse ready or"
          + " delayed jobs: ").append(esc(why)).append(". Counts above are what the broker"
          + " reports; find one job by id below.</p>").toString();
    }
    String base = "/queue?name=" + url(queue);
    b.append("<p class=\"tabs\">")
        .append(tab(base, "Ready", !delayed, "tab-ready")).append(" · ")
        .append(tab(base + "&delayed=1", "Delayed", delayed, "tab-delayed")).append("</p>");
    Page<QueuedJob> page = broker.browser().jobs(queue,
        delayed ? QueuedJob.State.DELAYED : QueuedJob.State.READY,
        cursor == null || cursor.isEmpty() ? null : cursor, view.options.pageSize());
    b.append("<table id=\"jobs\"><thead><tr><th>Job</th><th>Task</th><th>Priority</th><th>")
        .append(delayed ? "Due" : "Ready since")
        .append("</th><th>Deliveries</th><th>Bytes</th><th>Body</th></tr></thead><tbody>");
    for (QueuedJob j : page.items()) {
      b.append("<tr data-job=\"").append(esc(j.id())).append("\"><td><a href=\"")
          .append(esc("/job?id=" + url(j.id()))).append("\">").append(esc(j.id()))
          .append("</a></td><td>").append(esc(j.task())).append("</td><td>")
          .append(j.priority()).append("</td><td>")
          .append(j.dueAt() == null ? "—" : Html.time(j.dueAt())).append("</td><td>")
          .append(j.deliveries()).append("</td><td>").append(j.bodySize())
          .append("</td><td><code>").append(esc(preview(j))).append("</code></td></tr>");
    }
    if (page.items().isEmpty()) {
      b.append("<tr><td colspan=\"7\" class=\"empty\">No ").append(delayed ? "delayed" : "ready")
          .append(" jobs.</td></tr>");
    }
    b.append("</tbody></table>");
    if (page.nextCursor() != null) {
      b.append("<p><a id=\"next-jobs\" href=\"").append(esc(base + (delayed ? "&delayed=1" : "")
          + "&cursor=" + url(page.nextCursor()))).append("\">Next page</a></p>");
    }
    return b.toString();
  }

  private static String tab(String href, String label, boolean current, String id) {
    return current ? "<strong id=\"" + id + "\">" + label + "</strong>"
        : "<a id=\"" + id + "\" href=\"" + esc(href) + "\">" + label + "</a>";
  }

  private static String preview(QueuedJob j) {
    String s = new String(j.preview(), StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(PREVIEW_CHARS)
        .forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '.' : c));
    return b.length() < s.length() || j.preview().length < j.bodySize() ? b + "…" : b.toString();
  }
}
