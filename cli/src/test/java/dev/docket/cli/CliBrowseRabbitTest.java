package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.cli.CliProcess.Result;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On RabbitMQ, which can neither list queues over AMQP nor show a message without receiving it,
 * the listing commands say so in one line and exit 1, and {@code docket queues} falls back to the
 * queues the operator names.
 */
class CliBrowseRabbitTest {

  @Test
  void listingCommands_sayTheBrokerCannot() throws Exception {
    URI amqp = TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672"));
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", amqp.toString());
    String queue = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      listingCommands(env, queue);
    } finally {
      // Should a command have declared the queue (they must not), it goes.
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        admin.deleteQueue(queue);
      }
    }
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
