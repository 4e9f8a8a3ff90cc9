package dev.docket.dashboard;

import dev.docket.dashboard.internal.BasicAuth;
import org.jspecify.annotations.Nullable;

/**
 * Decides who may use the dashboard. Called for every request, before anything is read from the
 * broker; a refusal answers 401. Plug in your own (a reverse proxy's header, a session check) or
 * use {@link #basic(String, String)}.
 */
@FunctionalInterface
public interface DashboardAuth {

  /** Whether this request may proceed. */
  boolean allows(DashboardRequest request);

  /**
   * The {@code WWW-Authenticate} value sent with a 401, so a browser knows how to ask for
   * credentials; {@code null} sends none.
   */
  default @Nullable String challenge() {
    return null;
  }

  /** Everyone is allowed: for a dashboard that only binds to 127.0.0.1 (the default). */
  static DashboardAuth none() {
    return request -> true;
  }

  /**
   * HTTP Basic with one user name and password, compared in constant time. Basic sends the
   * password with every request: use it behind TLS (a reverse proxy) when not on localhost.
   */
  static DashboardAuth basic(String user, String password) {
    return new BasicAuth(user, password);
  }
}
