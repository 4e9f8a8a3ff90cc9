package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.cli.CliProcess.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On RabbitMQ, which can neither list queues over AMQP nor show a message without receiving it,
 * the listing commands say so in one line and exit 1, and {@code docket queues} falls back to the
 * queues the operator names.
 */
class CliBrowseRabbitTest {

  @Test
  void listingCommands_sayTheBrokerCannot() throws Exception {
    // Should a command have declared the queue (they must not), it goes afterwards.
    CliServers.onRabbitQueue((amqp, queue) ->
        listingCommands(Map.of("DOCKET_BROKER_URI", amqp.toString()), queue));
  }

  private static void listingCommands(Map<String, String> env, String queue) throws Exception {

    Result jobs = CliProcess.run(env, "", "jobs", queue);
    assertThat(jobs.exit()).as("%s", jobs).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(jobs.err().strip().lines().count()).as("%s", jobs).isEqualTo(1);
    assertThat(jobs.err()).contains("cannot list the jobs of " + queue, "RabbitMQ")
        .doesNotContain("\tat ");
    assertThat(jobs.out()).isEmpty();

    Result queues = CliProcess.run(env, "", "queues");
    assertThat(queues.exit()).as("%s", queues).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(queues.err()).contains("cannot list queues", "--queue");

    Result named = CliProcess.run(env, "", "queues", "--queue", queue, "--json");
    assertThat(named.exit()).as("%s", named).isZero();
    assertThat(named.out()).contains("\"queue\":\"" + queue + "\"", "\"ready\":0");
  }
}
