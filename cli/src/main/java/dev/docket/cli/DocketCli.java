package dev.docket.cli;

import dev.docket.DocketException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code docket} command: what an on-call engineer asks of a queue (stats, health, dead
 * letters, one job) and the two writes they need (enqueue, replay or purge dead letters), on any
 * broker URI. Exit status: 0 done, 1 a check failed (unhealthy, not found, not confirmed, or
 * something the broker cannot do, such as browsing on SQS), 2 bad
 * usage or configuration, 3 the broker or store could not be used. Errors are one line on stderr.
 */
@Command(name = "docket", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Inspect and operate Docket queues on any broker.%n"
        + "Broker and store: --broker/--store or DOCKET_BROKER_URI/DOCKET_STORE_URI.",
    subcommands = {QueuesCommand.class, JobsCommand.class, StatsCommand.class,
        HealthCommand.class, DlqCommand.class, WorkersCommand.class,
        SchedulesCommand.class, WorkflowsCommand.class,
        EnqueueCommand.class, JobCommand.class, DashboardCommand.class,
        MigrateCommand.class,
        AutoComplete.GenerateCompletion.class})
public final class DocketCli {

  /** Exit status when a check failed: unhealthy, not found, a destructive command declined. */
  public static final int CHECK_FAILED = 1;

  /** Exit status for bad usage or configuration (picocli's own usage errors use it too). */
  public static final int USAGE = 2;

  /** Exit status when the broker or the store could not be reached or used. */
  public static final int UNAVAILABLE = 3;

  /** The options given before the command; each command reads them through its {@link Target}. */
  @Mixin Target target = new Target();

  DocketCli() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command line with the given output streams and returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(DocketCli.class);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      // One clear line, never a stack trace: the messages of Docket's exceptions say what to do.
      line.getErr().println("docket: " + message(e));
      return e instanceof DocketException && !(e instanceof dev.docket.BrokerUnavailableException)
          ? USAGE : e instanceof IllegalArgumentException ? USAGE : UNAVAILABLE;
    });
    return cli.execute(args);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
