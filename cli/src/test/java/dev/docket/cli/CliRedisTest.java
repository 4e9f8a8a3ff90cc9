package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.NonRetryableException;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cli.CliProcess.Result;
import dev.docket.tck.SharedRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's session on a real Redis, each step a separate {@code docket} process: a failing
 * job reaches the DLQ, is listed, shown, not purged without confirmation, replayed, then purged.
 */
class CliRedisTest {

  private static final TaskType<String, Void> CHARGE = TaskType.of("billing.charge", String.class);

  @Test
  void deadLetterJourney() throws Exception {
    SharedRedis.underPrefix("cli", (redis, prefix) ->
        deadLetterJourney(redis + "?keyPrefix=" + prefix, "billing", true));
  }

  /**
   * The journey on {@code uri}'s {@code queue}. {@code dedupes}: whether an enqueue from a second
   * process with the same id answers "duplicate" (a broker whose live ids are kept in each
   * process, like RabbitMQ without an {@code idStore}, cannot tell).
   */
  static void deadLetterJourney(String uri, String queue, boolean dedupes) throws Exception {
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", uri);

    Result enq = CliProcess.run(env, "", "enqueue", "billing.charge", "\"order-7\"",
        "--queue", queue, "--id", "charge-7");
    assertThat(enq.exit()).as("%s", enq).isZero();
    if (dedupes) {
      Result again = CliProcess.run(env, "", "--json", "enqueue", "billing.charge",
          "\"order-7\"", "--queue", queue, "--id", "charge-7");
      assertThat(again.out()).as("same id twice: one job").contains("\"duplicate\":true");
    }

    try (Docket docket = Docket.connect(uri);
        Worker worker = docket.worker().queues(queue)
            .handle(CHARGE, (order, ctx) -> {
              throw new NonRetryableException("card declined for " + order);
            }).start()) {
      await().atMost(Duration.ofSeconds(20))
          .until(() -> docket.stats(queue).dead() == 1);
    }

    Result stats = CliProcess.run(env, "", "stats", queue, "--json");
    assertThat(stats.out()).as("%s", stats).contains("\"ready\":0", "\"dead\":1");
    Result unhealthy = CliProcess.run(env, "", "health", queue);
    assertThat(unhealthy.exit()).as("%s", unhealthy).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(unhealthy.out()).contains("UNHEALTHY", "1 dead jobs");

    Result list = CliProcess.run(env, "", "dlq", "list", queue);
    assertThat(list.exit()).as("%s", list).isZero();
    assertThat(list.out()).contains("charge-7", "billing.charge", "card declined for order-7");
    Result show = CliProcess.run(env, "", "dlq", "show", queue, "charge-7");
    assertThat(show.out()).as("%s", show).contains("NonRetryableException", "\"order-7\"",
        "stackTrace:");

    Result declined = CliProcess.run(env, "n\n", "dlq", "purge", queue, "--all");
    assertThat(declined.exit()).as("%s", declined).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(declined.err()).contains("not confirmed; nothing deleted");
    assertThat(CliProcess.run(env, "", "stats", queue, "--json").out()).contains("\"dead\":1");

    Result replay = CliProcess.run(env, "", "dlq", "replay", queue, "--id", "charge-7");
    assertThat(replay.exit()).as("%s", replay).isZero();
    assertThat(replay.out()).contains("replayed 1");
    assertThat(CliProcess.run(env, "", "stats", queue, "--json").out())
        .contains("\"ready\":1", "\"dead\":0");

    try (Docket docket = Docket.connect(uri);
        Worker worker = docket.worker().queues(queue)
            .handle(CHARGE, (order, ctx) -> {
              throw new NonRetryableException("declined again");
            }).start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> docket.stats(queue).dead() == 1);
    }
    Result purge = CliProcess.run(env, "y\n", "dlq", "purge", queue, "--task", "billing.charge");
    assertThat(purge.exit()).as("%s", purge).isZero();
    assertThat(purge.out()).contains("purged 1");
    Result empty = CliProcess.run(env, "", "--json", "dlq", "list", queue);
    assertThat(empty.out()).contains("\"items\":[]");
  }
}
