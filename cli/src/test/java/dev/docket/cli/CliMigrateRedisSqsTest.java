package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.QueueStats;
import dev.docket.cli.CliProcess.Result;
import dev.docket.tck.SharedRedis;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code docket migrate} from Redis to SQS (ElasticMQ embedded in this test JVM, reached by the
 * spawned CLI over HTTP): ready and delayed jobs move at once (Redis reads delayed jobs whole),
 * each once; SQS cannot restore dead letters, so the dead letter stays in Redis and the run says
 * why and exits 1; SQS without an idStore dedupes in-process only, which the run warns about; a
 * second run moves and doubles nothing.
 */
class CliMigrateRedisSqsTest {

  @Test
  void redisToSqs_exactAccounting() throws Exception {
    URI redis = SharedRedis.uri();
    CliServers.Sqs sqs = new CliServers.Sqs();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "migs-" + id;
    String from = redis + "?keyPrefix=" + prefix;
    String to = sqs.uri("m" + id);
    String queue = "mig-" + id;
    MigrationFixture f = new MigrationFixture(queue, Duration.ofHours(1), Instant.now());
    try (Docket source = Docket.connect(from)) {
      // Inside this try, so that the finally below cleans up after a failed seed too.
      try (Docket seeder = Docket.connect(from)) {
        f.seed(seeder.broker(), Duration.ofHours(5));
      }
      Result run = CliProcess.run(Map.of(), "", "migrate", "--from", from, "--to", to,
          "--queue", queue, "--yes", "--json");
      assertThat(run.exit()).as("%s", run).isEqualTo(DocketCli.CHECK_FAILED);
      assertThat(run.out()).as("%s", run).contains(f.reportLine(4, 4, 0, 0, 1),
          "cannot restore dead letters");
      assertThat(run.err()).as("%s", run).contains("warning", "does not dedupe job ids");
      QueueStats left = source.broker().stats(queue);
      assertThat(left.ready() + left.delayed() + left.inFlight()).as("left: %s", left).isZero();
      assertThat(left.dead()).as("the dead letter stays").isEqualTo(1);
      f.checkDead(source.broker().deadLetters().list(queue, null, 10).items());

      Result again = CliProcess.run(Map.of(), "", "migrate", "--from", from, "--to", to,
          "--queue", queue, "--yes", "--json");
      assertThat(again.out()).as("%s", again).contains(f.reportLine(0, 0, 0, 0, 1));

      try (Docket target = Docket.connect(to)) {
        QueueStats st = target.broker().stats(queue);
        assertThat(st.delayed()).as("delayed on SQS: %s", st).isEqualTo(4);
        f.takeReady(target.broker(), f.ready, Duration.ofSeconds(20));
        assertThat(target.broker().stats(queue).ready()).as("nothing doubled").isZero();
      }
    } finally {
      SharedRedis.deleteKeys(redis, prefix);
      sqs.close();
    }
  }
}
