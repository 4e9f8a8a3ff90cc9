package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;
import static dev.docket.dashboard.internal.Html.url;

import dev.docket.Scheduler;
import dev.docket.cron.Schedule;
import dev.docket.cron.ScheduleInfo;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.WorkflowFailure;
import dev.docket.workflow.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The schedules page (every process's cron schedules, from the listing in the state store) and
 * the workflows page (the recent workflows, newest first, and one by id). Both are paged by an
 * {@code offset} parameter and {@link dev.docket.dashboard.DashboardOptions#pageSize()}; the
 * workflow page reads only the slots of its page.
 */
final class ListingPages {

  private final View view;

  ListingPages(View view) {
    this.view = view;
  }

  Response schedules(Request req) {
    int offset = offset(req);
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (ScheduleInfo s : view.docket.schedules()) {
      rows.put(s.name(), new String[] {s.name(), s.task(), s.queue(),
          s.cron() + " (" + s.zone().getId() + ")", time(s.nextFire()), time(s.lastFire()),
          s.lastJobId() == null ? "" : s.lastJobId(), time(s.seen())});
    }
    // Schedulers handed to the dashboard that have not made a pass yet are not in the listing.
    Set<Scheduler> schedulers = new LinkedHashSet<>(view.options.schedulers());
    view.options.workers().forEach(w -> w.scheduler().ifPresent(schedulers::add));
    Instant now = view.docket.clock().instant();
    for (Scheduler scheduler : schedulers) {
      for (Schedule<?> s : scheduler.schedules()) {
        rows.putIfAbsent(s.name(), new String[] {s.name(), s.task().name(),
            s.queue() == null ? s.task().queue() : s.queue(),
            s.cron().expression() + " (" + s.cron().zone().getId() + ")",
            time(s.cron().nextAfter(now).orElse(null)), "—", "", "not run yet"});
      }
    }
    StringBuilder b = new StringBuilder("<p class=\"note\">Schedules of every process sharing"
        + " the state store, as their schedulers last recorded them (without a store: this"
        + " process's). A next fire time in the past means no scheduler ran since.</p>");
    List<String[]> all = new ArrayList<>(rows.values());
    if (all.isEmpty()) {
      b.append("<p id=\"none\">No schedules: no scheduler has run against this store in the last"
          + " two days.</p>");
      return Response.ok(view.page("Schedules", b.toString()));
    }
    b.append("<table id=\"schedules\"><thead><tr><th>Schedule</th><th>Task</th><th>Queue</th>"
        + "<th>Cron</th><th>Next fire</th><th>Last fire</th><th>Last job</th><th>Seen</th>"
        + "</tr></thead><tbody>");
    int end = Math.min(all.size(), offset + view.options.pageSize());
    for (String[] r : all.subList(Math.min(offset, all.size()), end)) {
      b.append("<tr data-schedule=\"").append(esc(r[0])).append("\">");
      for (int i = 0; i < r.length; i++) {
        b.append("<td>").append(i == 6 && !r[i].isEmpty() ? jobLink(r[i]) : esc(r[i]))
            .append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table>");
    if (end < all.size()) {
      b.append(next("/schedules?offset=" + end));
    }
    return Response.ok(view.page("Schedules", b.toString()));
  }

  Response workflows(Request req) {
    String id = req.param("id");
    StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/workflows\""
        + " class=\"inline\"><label>Workflow id <input name=\"id\" required value=\"")
        .append(esc(id)).append("\"></label> <button>Find</button></form>");
    if (view.docket.store().isEmpty()) {
      b.append("<p class=\"note\">No state store is configured; workflows need one.</p>");
      return Response.ok(view.page("Workflows", b.toString()));
    }
    if (id != null) {
      Optional<WorkflowStatus> w = view.docket.workflowStatus(id);
      b.append(w.isEmpty() ? "<p class=\"note\">No workflow " + esc(id) + " is recorded.</p>"
          : table(List.of(w.get()), List.of(Optional.empty())));
      return Response.ok(view.page("Workflow " + id, b.toString()));
    }
    int offset = offset(req);
    int size = view.options.pageSize();
    // One more than a page: whether there is a next page, without counting the ring.
    List<RecentWorkflow> page = view.docket.recentWorkflows(offset, size + 1);
    List<RecentWorkflow> shown = page.subList(0, Math.min(size, page.size()));
    b.append("<p class=\"note\">Recent workflows, newest first (the latest 1000, each for as long"
        + " as its state is kept).</p>");
    b.append(table(shown.stream().map(RecentWorkflow::status).toList(),
        shown.stream().map(w -> Optional.of(w.started())).toList()));
    if (page.size() > size) {
      b.append(next("/workflows?offset=" + (offset + size)));
    }
    return Response.ok(view.page("Workflows", b.toString()));
  }

  private static String table(List<WorkflowStatus> list, List<Optional<Instant>> started) {
    StringBuilder b = new StringBuilder("<table id=\"workflows\"><thead><tr><th>Workflow</th>"
        + "<th>Kind</th><th>State</th><th>Progress</th><th>Started</th><th>Failure</th></tr>"
        + "</thead><tbody>");
    for (int i = 0; i < list.size(); i++) {
      WorkflowStatus s = list.get(i);
      WorkflowFailure f = s.failure();
      b.append("<tr data-workflow=\"").append(esc(s.id())).append("\"><td><a href=\"")
          .append(esc("/workflows?id=" + url(s.id()))).append("\">").append(esc(s.id()))
          .append("</a></td><td>").append(esc(s.kind())).append("</td><td class=\"")
          .append(esc(s.state().name().toLowerCase(java.util.Locale.ROOT))).append("\">")
          .append(esc(s.state())).append("</td><td>").append(s.completed()).append(" of ")
          .append(s.size()).append("</td><td>")
          .append(esc(started.get(i).map(Html::time).orElse("—"))).append("</td><td>")
          .append(f == null ? "—" : "step " + f.index() + " (" + esc(f.task()) + "): "
              + esc(f.reason()) + ", " + esc(f.message()) + " " + jobLink(f.jobId()))
          .append("</td></tr>");
    }
    if (list.isEmpty()) {
      b.append("<tr><td colspan=\"6\" class=\"empty\">No workflows.</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private static int offset(Request req) {
    String o = req.param("offset");
    try {
      int n = o == null ? 0 : Integer.parseInt(o);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Request.BadRequest("offset must be a whole number, 0 or more");
    }
  }

  private static String jobLink(String jobId) {
    return "<a href=\"" + esc("/job?id=" + url(jobId)) + "\">" + esc(jobId) + "</a>";
  }

  private static String next(String href) {
    return "<p><a id=\"next\" href=\"" + esc(href) + "\">Next page</a></p>";
  }

  private static String time(@Nullable Instant t) {
    return t == null ? "—" : Html.time(t);
  }
}
