package dev.docket.dashboard;

import dev.docket.Docket;
import dev.docket.dashboard.internal.DashboardServer;
import java.net.URI;
import java.util.Objects;

/**
 * A running dashboard. Start one inside any application with {@link #start(Docket,
 * DashboardOptions)}; {@link #close()} stops it (the {@link Docket} stays open: it is the
 * caller's).
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.start(docket, DashboardOptions.builder()
 *     .queues("emails", "billing").build());
 * System.out.println("dashboard at " + dashboard.uri());
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

  private final DashboardServer server;

  private Dashboard(DashboardServer server) {
    this.server = server;
  }

  /** Starts serving {@code docket} as configured; returns once it listens. */
  public static Dashboard start(Docket docket, DashboardOptions options) {
    Objects.requireNonNull(docket, "docket");
    Objects.requireNonNull(options, "options");
    return new Dashboard(DashboardServer.start(docket, options));
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return server.uri();
  }

  /** Stops serving; requests in progress get a second to finish. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "Dashboard[" + uri() + "]";
  }
}
