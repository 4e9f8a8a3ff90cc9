package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * A dashboard a test starts, and a plain HTTP client that reads its pages: the over-HTTP tests
 * share it so each says only what it checks. Redirects are not followed, so a test sees a POST's
 * answer as the server sent it.
 */
final class Site implements AutoCloseable {
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private @Nullable Dashboard dashboard;

  /** Starts a dashboard on {@code docket}, closing one this site started before. */
  Dashboard start(Docket docket, DashboardOptions options) {
    close();
    Dashboard started = Dashboard.start(docket, options);
    dashboard = started;
    return started;
  }

  /** The running dashboard's base address. */
  URI uri() {
    if (dashboard == null) {
      throw new IllegalStateException("no dashboard started");
    }
    return dashboard.uri();
  }

  /** GETs {@code path} and returns the page, failing the test unless the answer is 200. */
  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri().resolve(path)));
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  /** Sends any request, for tests that check a status other than 200. */
  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (dashboard != null) {
      dashboard.close();
      dashboard = null;
    }
  }
}
