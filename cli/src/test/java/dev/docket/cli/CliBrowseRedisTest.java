package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.cli.CliProcess.Result;
import dev.docket.tck.SharedRedis;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Listing and browsing on a real Redis, each step a separate {@code docket} process: the queue
 * shows in {@code docket queues}, its jobs page by page in {@code docket jobs}, and one job in
 * {@code docket job} (found by browsing: this broker URI has no state store).
 */
class CliBrowseRedisTest {

  private static final Pattern CURSOR = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

  @Test
  void queuesJobsAndOneJob() throws Exception {
    SharedRedis.underPrefix("cli", (redis, prefix) -> queuesJobsAndOneJob(redis + "?keyPrefix=" + prefix));
  }

  private static void queuesJobsAndOneJob(String uri) throws Exception {
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", uri);
    for (String id : new String[] {"order-1", "order-2"}) {
      Result r = CliProcess.run(env, "", "enqueue", "orders.ship", "{\"order\":\"" + id + "\"}",
          "--queue", "orders", "--id", id);
      assertThat(r.exit()).as("%s", r).isZero();
    }
    Result later = CliProcess.run(env, "", "enqueue", "orders.remind", "{}", "--queue", "orders",
        "--id", "remind-1", "--delay", "1h");
    assertThat(later.exit()).as("%s", later).isZero();

    Result queues = CliProcess.run(env, "", "queues", "--json");
    assertThat(queues.exit()).as("%s", queues).isZero();
    assertThat(queues.out()).contains("\"queue\":\"orders\"", "\"ready\":2", "\"delayed\":1",
        ":dlq\"");

    Result first = CliProcess.run(env, "", "jobs", "orders", "--limit", "1", "--json");
    assertThat(first.exit()).as("%s", first).isZero();
    assertThat(first.out()).contains("\"id\":\"order-1\"", "\"task\":\"orders.ship\"",
        "\"state\":\"READY\"").doesNotContain("order-2");
    Matcher m = CURSOR.matcher(first.out());
    assertThat(m.find()).as("a next cursor in %s", first.out()).isTrue();
    Result second = CliProcess.run(env, "", "jobs", "orders", "--limit", "1", "--cursor",
        m.group(1));
    assertThat(second.exit()).as("%s", second).isZero();
    assertThat(second.out()).contains("order-2", "orders.ship").doesNotContain("order-1")
        .doesNotContain("more:");

    Result delayed = CliProcess.run(env, "", "jobs", "orders", "--delayed");
    assertThat(delayed.out()).as("%s", delayed).contains("remind-1", "DELAYED")
        .doesNotContain("order-1");

    Result job = CliProcess.run(env, "", "job", "order-2");
    assertThat(job.exit()).as("%s", job).isZero();
    assertThat(job.out()).contains("brokerState:", "READY", "orders.ship", "order-2");
    Result unknown = CliProcess.run(env, "", "job", "nope");
    assertThat(unknown.exit()).as("%s", unknown).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(unknown.err()).contains("no job nope");

    Result stats = CliProcess.run(env, "", "stats", "orders", "--json");
    assertThat(stats.out()).as("browsing received nothing").contains("\"ready\":2",
        "\"inFlight\":0");
  }
}
