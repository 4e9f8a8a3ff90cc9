package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.tck.SharedRedis;
import dev.docket.tck.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The demo, as {@code ./demo/run.sh} runs it, on every broker: the same scenario must end the
 * same way whichever backend {@code DOCKET_BROKER_URI} names.
 */
class DemoTest {

  private static final String WORKFLOWS_RAN = "cron ticks, each once";

  @Test
  void memory_runsEverythingAndExitsZero() throws Exception {
    String out = runExpectingSuccess(null, null);
    assertThat(out)
        .contains("Docket demo on", "Demo finished as expected: 14 jobs")
        .contains("Workflows: a chain, a chord and a cron job",
            "chain SUCCEEDED: receipt for order-42: 37.50 EUR",
            "chord SUCCEEDED: gallery.publish ran 1 time(s) with [cover-64.png, cover-128.png,"
                + " cover-256.png, cover-512.png]",
            WORKFLOWS_RAN);
    assertMetricsTable(out);
  }

  /**
   * The metrics table: one row per demo task with its run count, percentiles in order and rates
   * that fit the scenario (the payment task never succeeds and retries twice; the inventory sync
   * retries once), and a utilization between 0 and 100 %.
   */
  private static void assertMetricsTable(String out) {
    assertThat(out).contains("Metrics (docket-micrometer, read from the MeterRegistry)");
    String table = out.substring(out.indexOf("Metrics (docket-micrometer"));
    Map<String, String[]> rows = new HashMap<>();
    for (String line : table.lines().skip(3).toList()) {
      if (!line.startsWith("  ") || line.startsWith("  worker")) {
        break;
      }
      String[] cells = line.strip().split("\\s{2,}");
      rows.put(cells[0], cells);
    }
    assertThat(rows).as("metrics rows in%n%s", table)
        .containsKeys("email.send", "reminder.send", "report.render", "inventory.sync",
            "payment.charge");
    int runs = 0;
    for (String[] row : rows.values()) {
      runs += Integer.parseInt(row[1]);
      if (!row[2].equals("-")) {
        double p50 = Double.parseDouble(row[2]);
        double p95 = Double.parseDouble(row[3]);
        double p99 = Double.parseDouble(row[4]);
        // Handlers sleep DemoTasks.WORK; a p50 of minutes would be a unit error.
        assertThat(p50).as("p50 of %s", row[0]).isPositive().isLessThan(10_000);
        assertThat(p95).as("p95 of %s", row[0]).isGreaterThanOrEqualTo(p50);
        assertThat(p99).as("p99 of %s", row[0]).isGreaterThanOrEqualTo(p95);
      }
    }
    // 14 jobs; the inventory sync runs twice and the payment three times: 17 attempts.
    assertThat(runs).as("attempts started, all tasks").isEqualTo(17);
    assertThat(rows.get("email.send")[5]).isEqualTo("100 %");
    assertThat(rows.get("email.send")[6]).isEqualTo("0 %");
    assertThat(rows.get("inventory.sync")[5]).isEqualTo("50 %");
    assertThat(rows.get("inventory.sync")[6]).isEqualTo("50 %");
    assertThat(rows.get("payment.charge")[2]).as("payment never succeeds: no p50").isEqualTo("-");
    assertThat(rows.get("payment.charge")[5]).isEqualTo("0 %");
    assertThat(rows.get("payment.charge")[6]).isEqualTo("67 %");
    var utilization = java.util.regex.Pattern.compile("worker utilization: (\\d+) %")
        .matcher(table);
    assertThat(utilization.find()).as("utilization line in%n%s", table).isTrue();
    assertThat(Integer.parseInt(utilization.group(1))).isBetween(1, 100);
  }

  @Test
  void redis_runsEverythingOnTheSameRedisAndExitsZero() throws Exception {
    URI redis = SharedRedis.uri();
    String prefix = SharedRedis.uniquePrefix("demo");
    Prefix run = new Prefix();
    try {
      // No store given: the demo keeps workflow state in the broker's own Redis.
      String out = runExpectingSuccess(redis + "?keyPrefix=" + prefix, null, run);
      assertThat(out).contains("Demo finished as expected: 14 jobs", WORKFLOWS_RAN);
    } finally {
      // The broker's keys, and the store's, which the demo puts under its run's own prefix.
      SharedRedis.deleteKeys(redis, prefix, run.get() + "state");
    }
  }

  @Test
  void rabbitmq_withPostgresStore_runsEverythingAndExitsZero() throws Exception {
    URI amqp = TestServers.require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672/"));
    URI postgres = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    // A table of this run's own: workflow records of earlier runs must not meet this one's.
    String table = "docket_demo_" + Long.toHexString(System.nanoTime());
    Prefix run = new Prefix();
    try {
      String out = runExpectingSuccess(amqp.toString(), postgres + "?table=" + table, run);
      assertThat(out).contains("Demo finished as expected: 14 jobs", WORKFLOWS_RAN);
    } finally {
      try (RabbitBroker admin = RabbitBroker.create(
          RabbitBrokerConfig.builder().uri(amqp).build())) {
        Demo.queues(run.get()).forEach(admin::deleteQueue);
      }
      dropTable(postgres, table);
    }
  }

  /** The queue-name prefix the demo picked for its run, as its hook heard it. */
  private static final class Prefix implements Demo.Hook {
    private volatile @Nullable String prefix;

    @Override
    public void started(Docket docket, String runPrefix) {
      prefix = runPrefix;
    }

    String get() {
      return Objects.requireNonNull(prefix, "the demo never started its client");
    }
  }

  private static void dropTable(URI postgres, String table) throws SQLException {
    String user = postgres.getUserInfo() == null ? "" : postgres.getUserInfo();
    int colon = user.indexOf(':');
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + postgres.getHost()
            + ":" + postgres.getPort() + postgres.getPath(),
            colon < 0 ? user : user.substring(0, colon),
            colon < 0 ? null : user.substring(colon + 1));
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void sqs_onEmbeddedElasticMq_withoutStore_saysWorkflowsNeedOneAndExitsZero() throws Exception {
    String out = runExpectingSuccess(EmbeddedSqs.URI, null);
    assertThat(out)
        .contains("ElasticMQ started in this JVM", "Demo finished as expected: 14 jobs")
        .contains("they need a state store shared by all workers", "workflows skipped");
  }

  @Test
  void unknownScheme_exitsTwoWithOneClearLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Demo.run("kafka://localhost:9092", null, print(out), print(err));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("The demo could not run on kafka://localhost:9092: ")
        .doesNotContain("\tat ");
  }

  private static String runExpectingSuccess(@Nullable String broker, @Nullable String store)
      throws InterruptedException {
    return runExpectingSuccess(broker, store, Demo.Hook.NONE);
  }

  private static String runExpectingSuccess(@Nullable String broker, @Nullable String store,
      Demo.Hook hook) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Demo.run(broker, store, print(out), print(err), hook);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(err.toString(StandardCharsets.UTF_8)).as("stderr; stdout was:%n%s", text)
        .isEmpty();
    assertThat(exit).isZero();
    return text;
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
