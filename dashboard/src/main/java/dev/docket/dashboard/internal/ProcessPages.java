package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;

import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Schedules of this process, as the embedding application handed them over: the API has no
 * cluster-wide registry of schedules yet. (Workers are listed from their heartbeats by {@link
 * WorkersPage}.)
 */
final class ProcessPages {

  private final View view;

  ProcessPages(View view) {
    this.view = view;
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
