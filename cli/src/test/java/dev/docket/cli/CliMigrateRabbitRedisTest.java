package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.QueueStats;
import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.cli.CliProcess.Result;
import dev.docket.spi.Broker;
import dev.docket.tck.SharedRedis;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code docket migrate} from RabbitMQ to Redis, each step a separate process: RabbitMQ cannot
 * read delayed jobs before they are due, so the run waits for them ({@code --wait-delayed}); every
 * job arrives once in Redis with its bytes, headers and priority, the dead letter with its
 * failure record, nothing stays in RabbitMQ, and a second run moves and doubles nothing.
 */
class CliMigrateRabbitRedisTest {

  @Test
  void rabbitToRedis_exactAccounting() throws Exception {
    URI amqp = TestServers.rabbitMq();
    URI redis = SharedRedis.uri();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "migr-" + id;
    String to = redis + "?keyPrefix=" + prefix;
    String queue = "mig-" + id;
    MigrationFixture f = new MigrationFixture(queue, Duration.ofSeconds(2), Instant.now());
    try (Docket rabbit = Docket.connect(amqp.toString());
        Docket target = Docket.connect(to)) {
      // Seeded from a connection closed before the CLI runs: an open consumer would hold the
      // jobs it prefetched, and they would be in flight, not ready, for the migration. Inside
      // this try, so that the finally below cleans up after a failed seed too.
      try (Docket seeder = Docket.connect(amqp.toString())) {
        f.seed(seeder.broker(), Duration.ofSeconds(3));
      }
      Broker source = rabbit.broker();

      Result dry = CliProcess.run(Map.of(), "", "migrate", "--from", amqp.toString(), "--to", to,
          "--queue", queue, "--dry-run", "--json");
      assertThat(dry.exit()).as("%s", dry).isZero();
      assertThat(dry.out()).as("%s", dry).contains("\"dryRun\":true", "\"dead\":1");
      Result declined = CliProcess.run(Map.of(), "n\n", "migrate", "--from", amqp.toString(),
          "--to", to, "--queue", queue);
      assertThat(declined.exit()).as("%s", declined).isEqualTo(DocketCli.CHECK_FAILED);
      assertThat(declined.err()).contains("not confirmed; nothing moved");
      assertThat(target.broker().stats(queue).ready()).as("nothing moved yet").isZero();

      Result run = CliProcess.run(Map.of(), "", "migrate", "--from", amqp.toString(), "--to", to,
          "--queue", queue, "--yes", "--json", "--batch", "3", "--wait-delayed", "40s");
      assertThat(run.exit()).as("%s", run).isZero();
      // Delayed jobs that came due before the run are leased as ready ones: only the sum of
      // ready and delayed is fixed; takeReady below proves each id arrived once.
      assertThat(run.out()).as("%s", run).contains("\"moved\":9,\"leftBehind\":0",
          "\"dead\":1,\"duplicates\":0,\"leftBehind\":0");
      assertThat(run.err()).as("Redis dedupes on the server: no warning").doesNotContain("warning");
      QueueStats left = source.stats(queue);
      assertThat(left.ready() + left.delayed() + left.inFlight() + left.dead())
          .as("left in RabbitMQ: %s", left).isZero();
      f.checkDead(target.broker().deadLetters().list(queue, null, 10).items());

      Result again = CliProcess.run(Map.of(), "", "migrate", "--from", amqp.toString(), "--to",
          to, "--queue", queue, "--yes", "--json");
      assertThat(again.exit()).as("%s", again).isZero();
      assertThat(again.out()).as("%s", again).contains(f.reportLine(0, 0, 0, 0, 0));
      assertThat(target.broker().stats(queue).dead()).isEqualTo(1);
      f.takeReady(target.broker(), f.allButDead(), Duration.ofSeconds(10));
      assertThat(target.broker().stats(queue).ready()).as("nothing doubled").isZero();
    } finally {
      SharedRedis.deleteKeys(redis, prefix);
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        admin.deleteQueue(queue);
      }
    }
  }
}
