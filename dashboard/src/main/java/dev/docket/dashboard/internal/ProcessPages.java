package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;

import dev.docket.Worker;
import java.util.List;

/**
 * Workers and schedules of this process, as the embedding application handed them over: the
 * API has no cluster-wide list of either yet (no worker heartbeats, no schedule registry).
 */
final class ProcessPages {

  private final View view;

  ProcessPages(View view) {
    this.view = view;
  }

  Response workers() {
    StringBuilder b = new StringBuilder("<p class=\"note\">Workers of this process only:"
        + " workers record no heartbeats in the state store yet (issue 15, part 1), so other"
        + " processes' workers cannot be listed.</p>");
    List<Worker> workers = view.options.workers();
    if (workers.isEmpty()) {
      b.append("<p id=\"none\">None handed to the dashboard"
          + " (<code>DashboardOptions.builder().workers(worker)</code>).</p>");
    } else {
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
            .append(esc(String.join(", ", new java.util.TreeSet<>(w.tasks()))))
            .append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    return Response.ok(view.page("Workers", b.toString()));
  }
}
