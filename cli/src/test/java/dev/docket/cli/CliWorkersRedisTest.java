package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cli.CliProcess.Result;
import dev.docket.tck.SharedRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docket workers} as a separate process on a real Redis broker and store: a running worker
 * is listed (table and JSON) with its queues and slots, a closed one is not, and without a store
 * the command fails with one line naming the setting.
 */
class CliWorkersRedisTest {

  private static final TaskType<String, Void> PING = TaskType.of("cli.ping", String.class);

  @Test
  void listsRunningWorkers() throws Exception {
    // The store's keys (prefix:state:...) are under the prefix, so its clean-up deletes them too.
    SharedRedis.underPrefix("cli", (redis, prefix) -> listsRunningWorkers(
        redis + "?keyPrefix=" + prefix, redis + "?keyPrefix=" + prefix + ":state",
        "worker-" + prefix));
  }

  private static void listsRunningWorkers(String brokerUri, String storeUri, String id)
      throws Exception {
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", brokerUri,
        "DOCKET_STORE_URI", storeUri);

    try (Docket docket = Docket.builder().uri(brokerUri).storeUri(storeUri).build()) {
      Worker worker = docket.worker().queues("mail", "billing").concurrency(4).workerId(id)
          .handle(PING, (x, c) -> null).start();
      Result table = CliProcess.run(env, "", "workers");
      assertThat(table.exit()).as("%s", table).isZero();
      assertThat(table.out()).contains("worker", "busy", "concurrency", "lastSeen");
      String row = table.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow(
          () -> new AssertionError("no row for " + id + " in:\n" + table.out()));
      assertThat(row).contains("mail,billing", " " + ProcessHandle.current().pid() + " ");

      Result json = CliProcess.run(env, "", "workers", "--json");
      assertThat(json.exit()).as("%s", json).isZero();
      assertThat(json.out()).contains("\"worker\":\"" + id + "\"",
          "\"queues\":[\"mail\",\"billing\"]", "\"busy\":0", "\"concurrency\":4");

      worker.close();
      Result gone = CliProcess.run(env, "", "workers", "--json");
      assertThat(gone.exit()).as("%s", gone).isZero();
      assertThat(gone.out()).as("after close()").doesNotContain(id);
    }

    Result noStore = CliProcess.run(Map.of("DOCKET_BROKER_URI", brokerUri), "", "workers");
    assertThat(noStore.exit()).as("%s", noStore).isEqualTo(DocketCli.USAGE);
    assertThat(noStore.err()).startsWith("docket: ")
        .contains("worker heartbeats need a state store")
        .contains("DOCKET_STORE_URI").doesNotContain("\tat ");
    assertThat(noStore.err().lines().count()).as("one line").isEqualTo(1);
  }
}
