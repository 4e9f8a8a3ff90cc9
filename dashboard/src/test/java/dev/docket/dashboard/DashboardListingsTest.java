package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.NonRetryableException;
import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cron.CronSchedule;
import dev.docket.cron.Schedule;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schedules and workflows pages over plain HTTP on memory://: content, paging, escaping. */
class DashboardListingsTest {

  private static final TaskType<Integer, Integer> INC =
      TaskType.builder("shop.inc", Integer.class, Integer.class).queue("wf").build();

  private final Site site = new Site();
  private final Docket docket = Docket.connect("memory://");

  @AfterEach
  void tearDown() {
    site.close();
    docket.close();
  }

  private static long rows(String page, String attribute) {
    return Pattern.compile("<tr " + attribute + "=").matcher(page).results().count();
  }

  @Test
  void schedulesPage_showsTheRecordedSchedulesWithFireTimes_paged() throws Exception {
    CronSchedule nightly = CronSchedule.unix("0 3 * * *").zone(ZoneId.of("Europe/Paris"));
    try (Scheduler scheduler = docket.scheduler()
        .schedule(Schedule.of("reports.a", INC, nightly, 1))
        .schedule(Schedule.of("reports.b", INC, nightly, 2))
        .schedule(Schedule.of("reports.c", INC, nightly, 3).withQueue("reports")).build()) {
      scheduler.runDue();
      site.start(docket, DashboardOptions.builder().pageSize(2).build());
      String first = site.get("/schedules");
      String next = nightly.nextAfter(docket.clock().instant()).orElseThrow().toString()
          .substring(0, 16).replace('T', ' ');
      assertThat(first).contains("data-schedule=\"reports.a\"", "data-schedule=\"reports.b\"",
          "shop.inc", "0 3 * * * (Europe/Paris)", next).doesNotContain("reports.c");
      assertThat(rows(first, "data-schedule")).isEqualTo(2);
      Matcher more = Pattern.compile("id=\"next\" href=\"([^\"]+)\"").matcher(first);
      assertThat(more.find()).as("a next-page link").isTrue();
      String second = site.get(more.group(1).replace("&amp;", "&"));
      assertThat(second).contains("data-schedule=\"reports.c\"", "<td>reports</td>")
          .doesNotContain("data-schedule=\"reports.a\"", "id=\"next\"");
    }
  }

  @Test
  void workflowsPage_listsRecentWorkflowsNewestFirst_paged_andFindsOneById() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(docket.enqueue(Workflow.chain(Workflow.step(INC, i)).then(INC)).id());
    }
    site.start(docket, DashboardOptions.builder().pageSize(2).build());
    String first = site.get("/workflows");
    assertThat(rows(first, "data-workflow")).isEqualTo(2);
    assertThat(first.indexOf(ids.get(2))).as("newest first").isLessThan(first.indexOf(ids.get(1)))
        .isPositive();
    assertThat(first).contains("CHAIN", "RUNNING", "0 of 2").doesNotContain(ids.get(0));
    Matcher more = Pattern.compile("id=\"next\" href=\"([^\"]+)\"").matcher(first);
    assertThat(more.find()).as("a next-page link").isTrue();
    String second = site.get(more.group(1).replace("&amp;", "&"));
    assertThat(second).contains("data-workflow=\"" + ids.get(0) + "\"")
        .doesNotContain(ids.get(2), "id=\"next\"");
    assertThat(rows(site.get("/workflows?id=" + ids.get(1)), "data-workflow")).isEqualTo(1);
    HttpResponse<String> bad = site.send(HttpRequest.newBuilder(site.uri()
        .resolve("/workflows?offset=-3")));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void aFailedWorkflow_showsItsFailureEscaped() throws Exception {
    EnqueuedWorkflow wf = docket.enqueue(Workflow.group(List.of(Workflow.step(INC, 1))));
    try (Worker worker = docket.worker().queues("wf").handle(INC, (n, c) -> {
      throw new NonRetryableException("<script>alert(1)</script>");
    }).build()) {
      worker.runDue();
    }
    assertThat(docket.workflowStatus(wf.id()).orElseThrow().state())
        .isEqualTo(WorkflowStatus.State.FAILED);
    site.start(docket, DashboardOptions.builder().build());
    String page = site.get("/workflows");
    assertThat(page).contains("FAILED", "&lt;script&gt;alert(1)&lt;/script&gt;", "0 of 1")
        .doesNotContain("<script>alert(1)");
  }
}
