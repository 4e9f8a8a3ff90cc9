package dev.docket.dashboard.internal;

import static dev.docket.dashboard.internal.Html.esc;
import static dev.docket.dashboard.internal.Html.url;

import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.JobFailure;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.JobStatus;
import dev.docket.Page;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Overview, queue and job pages (dead letters: DeadLetterPage; listings: ListingPages). */
final class Pages {

  private final View view;

  Pages(View view) {
    this.view = view;
  }

  View view() {
    return view;
  }

  Response overview(Request req) {
    List<String> queues = view.options.queues();
    StringBuilder b = new StringBuilder();
    @Nullable String cursor = req.param("after");
    Broker broker = view.docket.broker();
    @Nullable String next = null;
    if (queues.isEmpty() && broker.capabilities().listQueues()) {
      // The queues the broker knows, one page at a time: a broker with thousands never has
      // them all read (and their stats fetched) for one page view.
      Page<QueueInfo> page = broker.browser().queues(cursor, view.options.pageSize());
      queues = page.items().stream().map(QueueInfo::queue).toList();
      next = page.nextCursor();
    }
    if (queues.isEmpty()) {
      b.append(broker.capabilities().listQueues()
          ? "<p class=\"note\" id=\"none\">The broker holds no queues yet.</p>"
          : "<p class=\"note\">No queues configured, and this broker cannot list its queues,"
              + " so name them with <code>DashboardOptions.builder().queues(...)</code> (or"
              + " <code>docket dashboard --queue Q</code>), or open one below.</p>");
    } else {
      // health() reads the broker's stats without declaring: looking never creates a queue.
      HealthReport report = view.docket.health(HealthThresholds.defaults(),
          queues.toArray(String[]::new));
      // htmx re-reads this page every 2 s and swaps in only this table.
      b.append("<div id=\"stats\" hx-get=\"").append(esc(cursor == null ? "/"
          : "/?after=" + url(cursor))).append("\" hx-trigger=\"every 2s\" hx-select=\"#stats\""
          + " hx-swap=\"outerHTML\">");
      b.append("<table class=\"stats\"><thead><tr><th>Queue</th><th>Ready</th><th>Delayed</th>"
          + "<th>In flight</th><th>Dead</th><th>Oldest ready</th></tr></thead><tbody>");
      for (HealthReport.QueueHealth h : report.queues()) {
        QueueStats s = h.stats();
        String q = url(s.queue());
        b.append("<tr data-queue=\"").append(esc(s.queue())).append("\"><td><a href=\"")
            .append(esc("/queue?name=" + q)).append("\">").append(esc(s.queue()))
            .append("</a></td><td class=\"ready\">").append(s.ready())
            .append("</td><td class=\"delayed\">").append(s.delayed())
            .append("</td><td class=\"inflight\">").append(s.inFlight())
            .append("</td><td class=\"dead\"><a href=\"").append(esc("/dead?queue=" + q))
            .append("\">").append(s.dead()).append("</a></td><td>")
            .append(s.oldestReadySince() == null ? "—" : Html.age(h.oldestReadyAge()))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
      if (!report.problems().isEmpty()) {
        b.append("<ul class=\"problems\">");
        report.problems().forEach(p -> b.append("<li>").append(esc(p)).append("</li>"));
        b.append("</ul>");
      }
      b.append("</div>");
      if (next != null) {
        b.append("<p><a id=\"next-queues\" href=\"").append(esc("/?after=" + url(next)))
            .append("\">Next page</a></p>");
      }
    }
    b.append("<form method=\"get\" action=\"/queue\" class=\"inline\"><label>Open queue"
        + " <input name=\"name\" required></label> <button>Open</button></form>");
    b.append("<form method=\"get\" action=\"/job\" class=\"inline\"><label>Find job by id"
        + " <input name=\"id\" required></label> <button>Find</button></form>");
    return Response.ok(view.page("Overview", b.toString()));
  }

  Response queue(Request req) {
    String queue = View.queue(req.require("name"));
    HealthReport.QueueHealth h = view.docket.health(HealthThresholds.defaults(), queue).queues()
        .get(0);
    QueueStats s = h.stats();
    StringBuilder b = new StringBuilder();
    b.append("<div id=\"stats\" hx-get=\"").append(esc("/queue?name=" + url(queue)))
        .append("\" hx-trigger=\"every 2s\" hx-select=\"#stats\" hx-swap=\"outerHTML\">")
        .append("<dl class=\"fields\">")
        .append(field("Ready", s.ready())).append(field("Delayed", s.delayed()))
        .append(field("In flight", s.inFlight())).append(field("Dead", s.dead()))
        .append(field("Oldest ready", s.oldestReadySince() == null ? "—"
            : Html.age(h.oldestReadyAge())))
        .append("</dl></div>");
    b.append("<p><a href=\"").append(esc("/dead?queue=" + url(queue)))
        .append("\">Dead letters of this queue</a></p>");
    b.append(QueueJobs.render(view, queue, req.param("delayed") != null,
        req.param("cursor")));
    b.append("<form method=\"get\" action=\"/job\" class=\"inline\"><label>Job id"
        + " <input name=\"id\" required></label> <button>Find</button></form>");
    return Response.ok(view.page("Queue " + queue, b.toString()));
  }

  Response job(Request req) {
    String id = req.param("id");
    StringBuilder b = new StringBuilder();
    b.append("<form method=\"get\" action=\"/job\" class=\"inline\"><label>Job id <input"
        + " name=\"id\" required value=\"").append(esc(id))
        .append("\"></label> <button>Find</button></form>");
    if (id == null) {
      return Response.ok(view.page("Jobs", b.toString()));
    }
    if (view.docket.store().isEmpty()) {
      b.append("<p class=\"note\">No state store is configured, so job states are not"
          + " recorded; give the client a store (storeUri) to see them here.</p>");
      return Response.ok(view.page("Job " + id, b.toString()));
    }
    var handle = view.docket.job(JobId.of(id));
    Optional<JobStatus> status = handle.status();
    if (status.isEmpty()) {
      b.append("<p class=\"note\" id=\"unknown\">No job ").append(esc(id))
          .append(" is recorded in the state store (unknown, or its record expired).</p>");
      return Response.html(404, view.page("Job " + id, b.toString()));
    }
    JobStatus s = status.get();
    // A dead job can be replayed, so only success is final for this page.
    boolean done = s.state() == JobState.SUCCESS;
    b.append("<div id=\"job\"");
    if (!done) {
      // Still moving: re-read every 2 s until it ends.
      b.append(" hx-get=\"").append(esc("/job?id=" + url(id)))
          .append("\" hx-trigger=\"every 2s\" hx-select=\"#job\" hx-swap=\"outerHTML\"");
    }
    b.append("><dl class=\"fields\">")
        .append(field("State", "<span id=\"state\" class=\"state " + esc(s.state()) + "\">"
            + esc(s.state()) + "</span>", true))
        .append(field("Task", s.task()))
        .append(field("Queue", "<a href=\"" + esc("/queue?name=" + url(s.queue())) + "\">"
            + esc(s.queue()) + "</a>", true))
        .append(field("Attempt", s.attempt())).append(field("Updated", Html.time(s.updatedAt())))
        .append("</dl>");
    if (s.state() == JobState.SUCCESS) {
      b.append("<h2>Result</h2><pre id=\"result\">").append(esc(result(handle)))
          .append("</pre>");
    }
    if (s.failure() != null) {
      b.append(failure(s.failure()));
    }
    if (s.state() == JobState.DEAD || s.state() == JobState.FAILURE) {
      b.append("<p><a id=\"to-dead\" href=\"").append(esc("/dead?queue=" + url(s.queue())))
          .append("\">Dead letters of ").append(esc(s.queue()))
          .append("</a> (replay or purge it there)</p>");
    }
    b.append("</div>");
    return Response.ok(view.page("Job " + id, b.toString()));
  }

  private String result(dev.docket.JobHandle<Object> handle) {
    try {
      Object value = handle.result(Duration.ZERO);
      return view.docket.jsonMapper().writeValueAsString(value);
    } catch (RuntimeException e) {
      return "(result not available: " + e.getMessage() + ")";
    }
  }

  static String failure(JobFailure f) {
    return "<h2>Failure</h2><dl class=\"fields\">" + field("Reason", f.reason())
        + field("Error", f.errorClass() + ": " + f.message()) + field("Attempts", f.attempts())
        + field("Failed at", Html.time(f.failedAt())) + field("Worker", f.workerId()) + "</dl>"
        + "<details open><summary>Stack trace</summary><pre class=\"stack\">"
        + esc(f.stackTrace().isEmpty() ? "(none recorded)" : f.stackTrace())
        + "</pre></details>";
  }

  private static String field(String name, @Nullable Object value) {
    return field(name, esc(value), true);
  }

  private static String field(String name, String html, boolean alreadyEscaped) {
    return "<dt>" + esc(name) + "</dt><dd>" + (alreadyEscaped ? html : esc(html)) + "</dd>";
  }
}
