package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.dashboard.Dashboard;
import dev.docket.dashboard.DashboardAuth;
import dev.docket.dashboard.DashboardOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code docket dashboard}: the web dashboard on the configured broker, until interrupted.
 * Read-only and on 127.0.0.1 unless told otherwise; the Basic auth password comes from the
 * environment, never from the command line (where {@code ps} would show it).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serves the web dashboard until stopped (Ctrl-C).")
final class DashboardCommand extends DocketCommand {

  /** Environment variable holding the Basic auth password for {@code --user}. */
  static final String ENV_PASSWORD = "DOCKET_DASHBOARD_PASSWORD";

  @Option(names = "--port", paramLabel = "PORT",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(names = "--writable", description = "Allow replay and purge of dead letters.")
  boolean writable;

  @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE",
      description = "A queue for the overview (repeatable).")
  List<String> queues = new ArrayList<>();

  @Option(names = "--user", paramLabel = "USER",
      description = "Require HTTP Basic auth as USER; the password is read from $"
          + ENV_PASSWORD + ".")
  @Nullable String user;

  @Override
  public Integer call() throws InterruptedException {
    DashboardOptions.Builder options = DashboardOptions.builder().port(port).bindAddress(bind)
        .readOnly(!writable).queues(queues);
    if (user != null) {
      String password = System.getenv(ENV_PASSWORD);
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("--user needs the password in $" + ENV_PASSWORD);
      }
      options.auth(DashboardAuth.basic(user, password));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Docket docket = connect();
        Dashboard dashboard = Dashboard.start(docket, options.build())) {
      spec.commandLine().getOut().println("dashboard at " + dashboard.uri() + " ("
          + (writable ? "writable" : "read-only") + "); Ctrl-C stops it");
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        dashboard.close();
        stopped.countDown();
      }, "docket-dashboard-stop"));
      stopped.await();
    }
    return 0;
  }
}
