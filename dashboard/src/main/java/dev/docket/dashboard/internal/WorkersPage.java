package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;
import static dev.docket.dashboard.internal.Html.url;

import dev.docket.Worker;
import dev.docket.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The workers page: every running worker that shares the client's state store, from the
 * heartbeats ({@link dev.docket.Docket#workers()}), a page at a time in id order (the {@code
 * after} parameter is the last id of the previous page); then the workers this process handed to
 * the dashboard, with what only they can tell (stuck handlers, tasks). Without a store only the
 * latter are shown, with a note saying why.
 */
final class WorkersPage {

  private final View view;

  WorkersPage(View view) {
    this.view = view;
  }

  Response render(Request req) {
    StringBuilder b = new StringBuilder();
    if (view.docket.store().isPresent()) {
      b.append(live(req.param("after")));
    } else {
      b.append("<p class=\"note\" id=\"no-store\">No state store is configured: workers write"
          + " their heartbeats there, so only this process's workers are shown.</p>");
    }
    b.append(local());
    return Response.ok(view.page("Workers", b.toString()));
  }

  private String live(@Nullable String after) {
    // The listing reads every live worker's record (there is no cheaper index); a page of them
    // is rendered, so a big fleet never makes a page of unbounded size.
    List<WorkerInfo> all = view.docket.workers();
    List<WorkerInfo> rest = after == null ? all
        : all.stream().filter(w -> w.workerId().compareTo(after) > 0).toList();
    int size = view.options.pageSize();
    List<WorkerInfo> page = rest.subList(0, Math.min(size, rest.size()));
    Instant now = view.docket.clock().instant();
    StringBuilder b = new StringBuilder("<h2>Running workers (")
        .append(all.size()).append(")</h2>")
        .append("<div id=\"live-workers\" hx-get=\"/workers").append(after == null ? ""
            : esc("?after=" + url(after))).append("\" hx-trigger=\"every 5s\""
            + " hx-select=\"#live-workers\" hx-swap=\"outerHTML\"><table><thead><tr>"
            + "<th>Worker</th><th>Host</th><th>Pid</th><th>Queues</th><th>Busy</th>"
            + "<th>Concurrency</th><th>Started</th><th>Last seen</th><th>Version</th>"
            + "</tr></thead><tbody>");
    for (WorkerInfo w : page) {
      b.append("<tr data-worker=\"").append(esc(w.workerId())).append("\"><td>")
          .append(esc(w.workerId())).append("</td><td>").append(esc(w.host()))
          .append("</td><td>").append(w.pid()).append("</td><td>")
          .append(esc(String.join(", ", w.queues()))).append("</td><td>").append(w.busy())
          .append("</td><td>").append(w.concurrency()).append("</td><td>")
          .append(Html.time(w.started())).append("</td><td>").append(ago(w.lastSeen(), now))
          .append("</td><td>").append(esc(w.version())).append("</td></tr>");
    }
    if (page.isEmpty()) {
      b.append("<tr><td colspan=\"9\" class=\"empty\">No running workers.</td></tr>");
    }
    b.append("</tbody></table></div>");
    if (rest.size() > page.size()) {
      b.append("<p><a id=\"next-workers\" href=\"").append(esc("/workers?after="
          + url(page.get(page.size() - 1).workerId()))).append("\">Next page</a></p>");
    }
    return b.toString();
  }

  private static String ago(Instant seen, Instant now) {
    Duration d = Duration.between(seen, now);
    return d.isNegative() ? "just now" : d.toSeconds() + " s ago";
  }

  private String local() {
    List<Worker> workers = view.options.workers();
    StringBuilder b = new StringBuilder("<h2>Workers of this process</h2>");
    if (workers.isEmpty()) {
      return b.append("<p id=\"none\">None handed to the dashboard"
          + " (<code>DashboardOptions.builder().workers(worker)</code>).</p>").toString();
    }
    b.append("<div id=\"workers\" hx-get=\"/workers\" hx-trigger=\"every 2s\""
        + " hx-select=\"#workers\" hx-swap=\"outerHTML\"><table><thead><tr><th>Worker</th>"
        + "<th>Running</th><th>Queues</th><th>Busy</th><th>Concurrency</th><th>Stuck</th>"
        + "<th>Tasks</th></tr></thead><tbody>");
    for (Worker w : workers) {
      b.append("<tr><td>").append(esc(w.workerId())).append("</td><td>")
          .append(w.isRunning() ? "yes" : "no").append("</td><td>")
          .append(esc(String.join(", ", w.queues()))).append("</td><td>").append(w.inFlight())
          .append("</td><td>").append(w.concurrency()).append("</td><td>")
          .append(w.stuckHandlers()).append("</td><td>")
          .append(esc(String.join(", ", new TreeSet<>(w.tasks())))).append("</td></tr>");
    }
    return b.append("</tbody></table></div>").toString();
  }
}
