package dev.docket.demo;

import dev.docket.Docket;
import dev.docket.dashboard.Dashboard;
import dev.docket.dashboard.DashboardOptions;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./demo/run.sh --dashboard}: the demo with the web dashboard on its own client (so
 * memory:// works too), writable on 127.0.0.1:{@value #PORT} ($DOCKET_DASHBOARD_PORT), kept
 * serving after the demo until Ctrl-C so the dead letter can be replayed from the browser.
 */
final class DemoDashboard implements Demo.Hook {

  static final int PORT = 8080;

  private final PrintStream out;
  private @Nullable Dashboard dashboard;

  private DemoDashboard(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo with the dashboard. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(Demo.run(System.getenv(Docket.ENV_BROKER_URI),
        System.getenv(Docket.ENV_STORE_URI), System.out, System.err,
        new DemoDashboard(System.out)));
  }

  @Override
  public void started(Docket docket, String prefix) {
    String port = System.getenv("DOCKET_DASHBOARD_PORT");
    dashboard = Dashboard.start(docket, DashboardOptions.builder()
        .port(port == null || port.isBlank() ? PORT : Integer.parseInt(port.strip()))
        .readOnly(false)
        .queues(prefix + "high", prefix + "default", prefix + "low").build());
    out.println("Dashboard: " + dashboard.uri());
  }

  @Override
  public void finished(Docket docket) throws InterruptedException {
    Dashboard d = dashboard;
    if (d == null) {
      return;
    }
    out.println();
    out.println("Dashboard still at " + d.uri() + " (replay the dead letter there); Ctrl-C"
        + " stops it.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      d.close();
      stopped.countDown();
    }, "demo-dashboard-stop"));
    stopped.await();
  }
}
