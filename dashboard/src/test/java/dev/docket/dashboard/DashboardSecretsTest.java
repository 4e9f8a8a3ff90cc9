package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A broker URI's password never reaches a page. On the shared Redis, whose default user takes
 * any password, so the URI can carry one and still connect.
 */
class DashboardSecretsTest {

  private static final String SECRET = "hunter2-do-not-show";

  @Test
  void pages_neverShowTheUriPassword() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (Shop shop = Shop.redis("default:" + SECRET + "@");
        Dashboard dashboard = Dashboard.start(shop.docket, DashboardOptions.builder()
            .queues(Shop.QUEUE).build())) {
      for (String path : new String[] {"", "queue?name=billing", "dead?queue=billing",
          "job?id=x", "workers"}) {
        String body = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("/" + path))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).as(path).contains("127.0.0.1").doesNotContain(SECRET);
      }
    }
  }
}
