package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;

import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import dev.docket.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

  Response schedules() {
    Set<Scheduler> schedulers = new LinkedHashSet<>(view.options.schedulers());
    view.options.workers().forEach(w -> w.scheduler().ifPresent(schedulers::add));
    StringBuilder b = new StringBuilder("<p class=\"note\">Schedules of this process's"
        + " schedulers only: the API has no registry of every schedule yet. \"Last due\" is the"
        + " latest fire time the cron expression gives, not a record of a run.</p>");
    List<String[]> rows = new ArrayList<>();
    Instant now = view.docket.clock().instant();
    for (Scheduler s : schedulers) {
      for (Schedule<?> sc : s.schedules()) {
        rows.add(new String[] {sc.name(), sc.task().name(),
            sc.cron().expression() + " (" + sc.cron().zone() + ")",
            sc.queue() == null ? sc.task().queue() : sc.queue(),
            sc.cron().nextAfter(now).map(Html::time).orElse("—"),
            sc.cron().latestAtOrBefore(now).map(Html::time).orElse("—"),
            s.isRunning() ? "yes" : "no"});
      }
    }
    if (rows.isEmpty()) {
      b.append("<p id=\"none\">No schedules handed to the dashboard"
          + " (<code>DashboardOptions.builder().schedulers(scheduler)</code>, or a worker"
          + " with a scheduler).</p>");
    } else {
      b.append("<table><thead><tr><th>Schedule</th><th>Task</th><th>Cron</th><th>Queue</th>"
          + "<th>Next fire</th><th>Last due</th><th>Scheduler running</th></tr></thead><tbody>");
      for (String[] r : rows) {
        b.append("<tr>");
        for (String cell : r) {
          b.append("<td>").append(esc(cell)).append("</td>");
        }
        b.append("</tr>");
      }
      b.append("</tbody></table>");
    }
    return Response.ok(view.page("Schedules", b.toString()));
  }
}
