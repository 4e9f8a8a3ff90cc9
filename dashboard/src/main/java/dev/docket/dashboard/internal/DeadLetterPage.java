package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;
import static dev.docket.dashboard.internal.Html.url;

import dev.docket.FailureReason;
import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The dead letters of one queue, one page at a time, with replay and purge of one, the selected
 * or all (of a task). Reads go to the broker's dead-letter store directly, so opening the page
 * declares nothing.
 */
final class DeadLetterPage {

  /** Bodies are shown up to this many characters: a preview, not a download. */
  private static final int BODY_PREVIEW = 2000;

  private final View view;

  DeadLetterPage(View view) {
    this.view = view;
  }

  private DeadLetterStore store() {
    return view.docket.broker().deadLetters();
  }

  Response list(Request req) {
    String queue = View.queue(req.require("queue"));
    String cursor = req.param("cursor");
    String task = req.param("task");
    FailureReason reason = reason(req.param("reason"));
    // One broker page; the filters narrow that page, so no request reads the whole DLQ.
    Page<DeadLetter> page = store().list(queue, cursor, view.options.pageSize());
    List<DeadLetter> rows = page.items().stream()
        .filter(d -> task == null || task.equals(d.headers().get(Headers.TASK)))
        .filter(d -> reason == null || d.failure().reason() == reason)
        .toList();
    boolean writable = !view.options.readOnly();
    StringBuilder b = new StringBuilder();
    String done = req.param("done");
    if (done != null) {
      b.append("<p class=\"done\" id=\"done\">").append(esc(done)).append("</p>");
    }
    b.append(filterForm(queue, task, reason));
    if (rows.isEmpty()) {
      b.append("<p class=\"note\" id=\"empty\">No dead jobs")
          .append(cursor == null ? "" : " on this page")
          .append(task != null || reason != null ? " match the filter" : "").append(".</p>");
    } else {
      if (writable) {
        // The CSRF token only goes out on pages that can post.
        b.append("<form method=\"post\" id=\"dead-form\">").append(view.csrfField())
            .append(hidden("queue", queue)).append(hidden("task", task));
      }
      b.append("<table class=\"dead\"><thead><tr>")
          .append(writable ? "<th></th>" : "")
          .append("<th>Id</th><th>Task</th><th>Reason</th><th>Attempts</th><th>Failed at</th>"
              + "<th>Error</th>").append(writable ? "<th></th>" : "")
          .append("</tr></thead><tbody>");
      for (DeadLetter d : rows) {
        b.append(row(d, writable));
      }
      b.append("</tbody></table>");
      if (writable) {
        b.append("<p><button formaction=\"/dead/replay\" id=\"replay-selected\">Replay"
            + " selected</button> <button formaction=\"/dead/purge\" id=\"purge-selected\""
            + " class=\"danger\">Purge selected</button></p></form>");
      }
    }
    if (page.nextCursor() != null) {
      b.append("<p><a id=\"next\" href=\"").append(esc("/dead?queue=" + url(queue)
          + "&cursor=" + url(page.nextCursor()) + (task == null ? "" : "&task=" + url(task))
          + (reason == null ? "" : "&reason=" + reason.name()))).append("\">Next page</a></p>");
    }
    if (writable) {
      b.append(bulkForm(queue, task));
    }
    return Response.ok(view.page("Dead letters of " + queue, b.toString()));
  }

  private String row(DeadLetter d, boolean writable) {
    String id = d.id();
    String body = new String(d.body(), StandardCharsets.UTF_8);
    if (body.length() > BODY_PREVIEW) {
      body = body.substring(0, BODY_PREVIEW) + "…";
    }
    StringBuilder b = new StringBuilder();
    b.append("<tr data-id=\"").append(esc(id)).append("\">");
    if (writable) {
      b.append("<td><input type=\"checkbox\" name=\"id\" value=\"").append(esc(id))
          .append("\" aria-label=\"select\"></td>");
    }
    b.append("<td><a href=\"").append(esc("/job?id=" + url(id))).append("\">").append(esc(id))
        .append("</a></td><td class=\"task\">").append(esc(d.headers().get(Headers.TASK)))
        .append("</td><td>").append(esc(d.failure().reason())).append("</td><td>")
        .append(d.failure().attempts()).append("</td><td>").append(esc(Html.time(d.failure().failedAt())))
        .append("</td><td><details><summary>").append(esc(oneLine(d.failure().errorClass()
            + ": " + d.failure().message()))).append("</summary><h3>Arguments</h3><pre class=\"body\">")
        .append(esc(body)).append("</pre><h3>Stack trace</h3><pre class=\"stack\">")
        .append(esc(d.failure().stackTrace())).append("</pre></details></td>");
    if (writable) {
      b.append("<td class=\"actions\"><button name=\"one\" value=\"").append(esc(id))
          .append("\" formaction=\"/dead/replay\" class=\"replay\">Replay</button> <button"
              + " name=\"one\" value=\"").append(esc(id))
          .append("\" formaction=\"/dead/purge\" class=\"purge danger\">Purge</button></td>");
    }
    return b.append("</tr>").toString();
  }

  private String filterForm(String queue, @Nullable String task, @Nullable FailureReason reason) {
    StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/dead\" class=\"inline\""
        + " id=\"filter\">").append(hidden("queue", queue))
        .append("<label>Task <input name=\"task\" value=\"").append(esc(task))
        .append("\"></label> <label>Reason <select name=\"reason\"><option value=\"\">any"
            + "</option>");
    for (FailureReason r : FailureReason.values()) {
      b.append("<option").append(r == reason ? " selected" : "").append(">").append(r.name())
          .append("</option>");
    }
    return b.append("</select></label> <button>Filter</button> <a href=\"")
        .append(esc("/dead?queue=" + url(queue))).append("\">Refresh</a>")
        .append("<span class=\"hint\">Filters narrow each page read from the broker.</span>")
        .append("</form>").toString();
  }

  private String bulkForm(String queue, @Nullable String task) {
    String what = task == null ? "Every dead job of this queue"
        : "Every dead job of task " + task;
    return "<form method=\"post\" id=\"bulk\" class=\"bulk\">" + view.csrfField()
        + hidden("queue", queue) + hidden("task", task) + hidden("scope", "all")
        + "<p>" + esc(what) + ": <button formaction=\"/dead/replay\" id=\"replay-all\">Replay"
        + " all</button> <label><input type=\"checkbox\" name=\"confirm\" value=\"yes\""
        + " id=\"confirm-all\"> I am sure</label> <button formaction=\"/dead/purge\""
        + " id=\"purge-all\" class=\"danger\">Purge all</button></p></form>";
  }

  /** Replays ({@code replay}) or purges one, the selected or all dead jobs; then shows the list. */
  Response act(Request req, boolean replay) {
    String queue = View.queue(req.require("queue"));
    String task = req.param("task");
    String one = req.param("one");
    DeadLetterFilter filter;
    String what;
    if (one != null) {
      filter = DeadLetterFilter.ids(one);
      what = "job " + one;
    } else if ("all".equals(req.param("scope"))) {
      if (!replay && !"yes".equals(req.param("confirm"))) {
        throw new Request.BadRequest("purging all needs the 'I am sure' box ticked");
      }
      filter = task == null ? DeadLetterFilter.all() : DeadLetterFilter.task(task);
      what = task == null ? "all" : "all of task " + task;
    } else {
      List<String> ids = req.params("id");
      if (ids.isEmpty()) {
        throw new Request.BadRequest("select at least one dead job");
      }
      filter = new DeadLetterFilter.Ids(java.util.Set.copyOf(ids));
      what = ids.size() + " selected";
    }
    long n = replay ? store().replay(queue, filter) : store().purge(queue, filter);
    String done = (replay ? "Replayed " : "Purged ") + n + " (" + what + ")";
    return Response.seeOther("/dead?queue=" + url(queue) + "&done=" + url(done));
  }

  private static @Nullable FailureReason reason(@Nullable String name) {
    if (name == null) {
      return null;
    }
    try {
      return FailureReason.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Request.BadRequest("unknown reason '" + name + "'");
    }
  }

  private static String hidden(String name, @Nullable String value) {
    return value == null ? "" : "<input type=\"hidden\" name=\"" + name + "\" value=\""
        + esc(value) + "\">";
  }

  private static String oneLine(String s) {
    String line = s.replace('\n', ' ').replace('\r', ' ');
    return line.length() > 120 ? line.substring(0, 117) + "…" : line;
  }
}
