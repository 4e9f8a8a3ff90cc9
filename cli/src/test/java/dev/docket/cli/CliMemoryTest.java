package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.cli.CliProcess.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command as a process on {@code memory://}: exit statuses, one-line errors, help. */
class CliMemoryTest {

  @Test
  void statsOnAnEmptyQueue_printsZeros() throws Exception {
    Result r = CliProcess.run(Map.of(), "", "stats", "emails", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.out()).contains("\"queue\":\"emails\"", "\"ready\":0", "\"dead\":0");
  }

  @Test
  void enqueue_printsTheJob() throws Exception {
    Result r = CliProcess.run(Map.of(), "", "enqueue", "mail.send", "{\"to\":\"a@example.com\"}",
        "--queue", "emails", "--id", "welcome-1", "--delay", "5m");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.out()).contains("id:", "welcome-1", "queue:", "emails", "duplicate: false");
  }

  @Test
  void badInput_isOneLineAndExitTwo_neverAStackTrace() throws Exception {
    Result badJson = CliProcess.run(Map.of(), "", "enqueue", "mail.send", "{not json");
    assertThat(badJson.exit()).as("%s", badJson).isEqualTo(DocketCli.USAGE);
    assertThat(badJson.err()).startsWith("docket: the argument is not valid JSON")
        .doesNotContain("\tat ");

    Result badDelay = CliProcess.run(Map.of(), "", "enqueue", "t", "{}", "--delay", "soon");
    assertThat(badDelay.exit()).as("%s", badDelay).isEqualTo(DocketCli.USAGE);
    assertThat(badDelay.err()).contains("'soon' is not a duration");

    Result badScheme = CliProcess.run(Map.of("DOCKET_BROKER_URI", "kafka://localhost:9092"), "",
        "stats", "q");
    assertThat(badScheme.exit()).as("%s", badScheme).isEqualTo(DocketCli.USAGE);
    assertThat(badScheme.err().lines().count()).isEqualTo(1);
    assertThat(badScheme.err()).contains("No broker provider serves the URI scheme 'kafka'");
  }

  @Test
  void jobWithoutStore_namesWhatIsMissing() throws Exception {
    Result r = CliProcess.run(Map.of(), "", "--broker", "memory://", "job", "x");
    // memory:// brings its own store, so the job is simply unknown.
    assertThat(r.exit()).as("%s", r).isEqualTo(DocketCli.CHECK_FAILED);
    assertThat(r.err()).contains("no job x is recorded");
  }

  @Test
  void queuesAndJobs_onAFreshMemoryBroker_areEmptyListings() throws Exception {
    assertThat(succeeds("queues", "--json").out().strip()).isEqualTo("[]");
    assertThat(succeeds("jobs", "emails", "--json").out())
        .contains("\"queue\":\"emails\"", "\"jobs\":[]", "\"nextCursor\":null");

    Result workers = CliProcess.run(Map.of(), "", "workers", "--json");
    assertThat(workers.exit()).as("memory:// brings its own, empty store: %s", workers).isZero();
    assertThat(workers.out().strip()).isEqualTo("[]");

    assertThat(usageError("jobs", "emails", "--limit", "0").err())
        .contains("limit must be between 1 and 1000");
  }

  @Test
  void schedulesAndWorkflows_onAFreshMemoryBroker_areEmptyListings() throws Exception {
    assertThat(succeeds("schedules", "--json").out().strip()).isEqualTo("[]");
    assertThat(succeeds("workflows").out()).contains("id", "kind", "state", "done", "started");
    assertThat(usageError("workflows", "--limit", "0").err())
        .startsWith("docket: --limit must be between 1 and 1000");
  }

  @Test
  void helpAndCompletion() throws Exception {
    Result help = CliProcess.run(Map.of(), "", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("queues", "jobs", "stats", "health", "dlq", "enqueue", "job",
        "workers", "schedules", "workflows");
    Result completion = CliProcess.run(Map.of(), "", "generate-completion");
    assertThat(completion.exit()).isZero();
    assertThat(completion.out()).contains("complete -F", "docket");
  }

  /** Runs the CLI with no environment and no input; expects exit 0. */
  private static Result succeeds(String... args) throws Exception {
    Result r = CliProcess.run(Map.of(), "", args);
    assertThat(r.exit()).as("%s", r).isZero();
    return r;
  }

  /** Runs the CLI with no environment and no input; expects the usage exit code. */
  private static Result usageError(String... args) throws Exception {
    Result r = CliProcess.run(Map.of(), "", args);
    assertThat(r.exit()).as("%s", r).isEqualTo(DocketCli.USAGE);
    return r;
  }
}
