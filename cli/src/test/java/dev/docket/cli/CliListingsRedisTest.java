package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cli.CliProcess.Result;
import dev.docket.cron.CronSchedule;
import dev.docket.cron.Schedule;
import dev.docket.tck.SharedRedis;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docket schedules} and {@code docket workflows} as processes on a real Redis, reading
 * what an application process recorded in the shared store.
 */
class CliListingsRedisTest {

  private static final TaskType<Integer, Integer> INC =
      TaskType.builder("cli.inc", Integer.class, Integer.class).queue("cli-listings").build();

  @Test
  void schedulesAndWorkflowsOfAnotherProcess() throws Exception {
    // The store's keys (prefix:state:...) are under the prefix, so its clean-up deletes them too.
    SharedRedis.underPrefix("cli", (redis, prefix) -> schedulesAndWorkflows(
        redis + "?keyPrefix=" + prefix, redis + "?keyPrefix=" + prefix + ":state"));
  }

  private static void schedulesAndWorkflows(String broker, String store) throws Exception {
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", broker, "DOCKET_STORE_URI", store);
    CronSchedule nightly = CronSchedule.unix("0 3 * * *").zone(ZoneId.of("Europe/Paris"));
    String wfId;
    try (Docket docket = Docket.builder().uri(broker).storeUri(store).build();
        Scheduler scheduler = docket.scheduler()
            .schedule(Schedule.of("reports.nightly", INC, nightly, 1)).build();
        Worker worker = docket.worker().queues("cli-listings").handle(INC, (n, c) -> n + 1)
            .start()) {
      scheduler.runDue();
      EnqueuedWorkflow wf = docket.enqueue(Workflow.chain(Workflow.step(INC, 1)).then(INC));
      wfId = wf.id();
      await().atMost(Duration.ofSeconds(20)).until(() -> docket.workflowStatus(wf.id())
          .orElseThrow().state() == WorkflowStatus.State.SUCCEEDED);
    }

    Result schedules = CliProcess.run(env, "", "schedules");
    assertThat(schedules.exit()).as("%s", schedules).isZero();
    assertThat(schedules.out()).contains("reports.nightly", "cli.inc", "cli-listings",
        "0 3 * * *", "Europe/Paris");
    Result json = CliProcess.run(env, "", "schedules", "--json");
    assertThat(json.out()).as("%s", json).contains("\"name\":\"reports.nightly\"",
        "\"lastFire\":null", "\"nextFire\":\"");

    Result workflows = CliProcess.run(env, "", "workflows", "--json");
    assertThat(workflows.exit()).as("%s", workflows).isZero();
    assertThat(workflows.out()).contains("\"id\":\"" + wfId + "\"", "\"kind\":\"CHAIN\"",
        "\"state\":\"SUCCEEDED\"", "\"done\":2", "\"size\":2");
    Result page = CliProcess.run(env, "", "workflows", "--offset", "1");
    assertThat(page.exit()).as("%s", page).isZero();
    assertThat(page.out()).as("the only workflow skipped").doesNotContain(wfId);
  }

  @Test
  void withoutAStore_theListingsNameTheSetting() throws Exception {
    SharedRedis.underPrefix("cli", (redis, prefix) -> {
      Map<String, String> env = Map.of("DOCKET_BROKER_URI", redis + "?keyPrefix=" + prefix);
      for (String command : new String[] {"schedules", "workflows"}) {
        Result r = CliProcess.run(env, "", command);
        assertThat(r.exit()).as("%s", r).isEqualTo(DocketCli.USAGE);
        assertThat(r.err().lines().count()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("need a state store", "docket.store.uri");
      }
    });
  }
}
