package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.cron.CronSchedule;
import dev.docket.EnqueueOptions;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.cron.Schedule;
import dev.docket.Scheduler;
import dev.docket.Worker;
import java.net.URI;
import dev.docket.Docket;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.TimeSource;
import dev.docket.tck.ForwardingBroker;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's safety rules over plain HTTP on memory://: auth, read-only, CSRF, escaping. */
class DashboardHttpTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Shop shop = Shop.memory();
  private Dashboard dashboard;

  @AfterEach
  void tearDown() {
    if (dashboard != null) {
      dashboard.close();
    }
    shop.close();
  }

  private Dashboard start(DashboardOptions.Builder options) {
    dashboard = Dashboard.start(shop.docket, options.queues(Shop.QUEUE).build());
    return dashboard;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(dashboard.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(dashboard.uri().resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void deadLetter(String id, String order) {
    shop.enqueue(id, order);
    try (Worker worker = shop.worker()) {
      assertThat(worker.runDue()).isEqualTo(1);
    }
  }

  private String csrf() throws Exception {
    Matcher m = CSRF.matcher(get("/dead?queue=" + Shop.QUEUE).body());
    assertThat(m.find()).as("a writable dead-letter page carries the CSRF field").isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void defaults_bindToLoopback_readOnly() throws Exception {
    start(DashboardOptions.builder());
    assertThat(dashboard.uri().getHost()).isEqualTo("127.0.0.1");
    HttpResponse<String> overview = get("/");
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("billing", "read-only");
    assertThat(overview.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("script-src 'self'");
    HttpResponse<String> htmx = get("/assets/htmx.min.js");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.body()).contains("htmx");
  }

  @Test
  void readOnly_refusesEveryPost_andLeavesTheDeadLetter() throws Exception {
    deadLetter("order-1", "o1");
    start(DashboardOptions.builder());
    HttpResponse<String> page = get("/dead?queue=" + Shop.QUEUE);
    assertThat(page.body()).contains("order-1").doesNotContain("name=\"csrf\"")
        .doesNotContain("/dead/replay");
    HttpResponse<String> r = post("/dead/replay", "queue=billing&one=order-1&csrf=anything");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("read-only");
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).isEqualTo(1);
  }

  @Test
  void post_withoutOrWithAWrongCsrfToken_is403() throws Exception {
    deadLetter("order-2", "o2");
    start(DashboardOptions.builder().readOnly(false));
    assertThat(post("/dead/purge", "queue=billing&one=order-2").statusCode()).isEqualTo(403);
    HttpResponse<String> wrong = post("/dead/purge", "queue=billing&one=order-2&csrf=guess");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("CSRF");
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).as("nothing purged").isEqualTo(1);

    HttpResponse<String> right = post("/dead/purge", "queue=billing&one=order-2&csrf="
        + enc(csrf()));
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(right.headers().firstValue("Location")).get().asString().contains("Purged+1");
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).isZero();
  }

  @Test
  void replaySelected_thenTheJobSucceeds() throws Exception {
    deadLetter("order-3", "o3");
    deadLetter("order-4", "o4");
    start(DashboardOptions.builder().readOnly(false));
    HttpResponse<String> r = post("/dead/replay", "queue=billing&id=order-3&id=order-4&csrf="
        + enc(csrf()));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).isZero();
    shop.failing.set(false);
    try (Worker worker = shop.worker()) {
      assertThat(worker.runDue()).isEqualTo(2);
    }
    assertThat(shop.docket.job(JobId.of("order-3")).state()).contains(JobState.SUCCESS);
    assertThat(get("/job?id=order-3").body()).contains("SUCCESS", "charged o3");
  }

  @Test
  void scriptInArgsErrorsAndParameters_isEscaped() throws Exception {
    String evil = "<script>alert('x')</script>";
    deadLetter("evil-1", evil);
    start(DashboardOptions.builder().readOnly(false));
    String dead = get("/dead?queue=" + Shop.QUEUE).body();
    assertThat(dead).doesNotContain(evil)
        .contains("card declined for &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    String job = get("/job?id=evil-1").body();
    assertThat(job).contains("FAILURE").doesNotContain(evil).contains("&lt;script&gt;");
    HttpResponse<String> reflected = get("/dead?queue=billing&task=" + enc(evil));
    assertThat(reflected.body()).doesNotContain(evil).contains("&lt;script&gt;");
    HttpResponse<String> badQueue = get("/queue?name=" + enc(evil));
    assertThat(badQueue.statusCode()).isEqualTo(400);
    assertThat(badQueue.body()).doesNotContain(evil);
  }

  @Test
  void basicAuth_401WithoutOrWithWrongCredentials_200WithThem() throws Exception {
    start(DashboardOptions.builder().auth(DashboardAuth.basic("ops", "s3cret")));
    HttpResponse<String> none = get("/");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString()
        .startsWith("Basic ");
    assertThat(none.body()).doesNotContain("billing");
    assertThat(send("ops:wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> ok = send("ops:s3cret");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("billing");
    assertThat(DashboardAuth.basic("ops", "s3cret").toString()).doesNotContain("s3cret");
  }

  private HttpResponse<String> send(String credentials) throws Exception {
    return http.send(HttpRequest.newBuilder(dashboard.uri())
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            credentials.getBytes(StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void overview_neverCreatesAQueue_andListsArePaged() throws Exception {
    for (int i = 0; i < 5; i++) {
      shop.docket.enqueue(Shop.CHARGE, "o" + i, EnqueueOptions.builder().jobId("p" + i).build());
    }
    try (Worker worker = shop.worker()) {
      worker.runDue();
    }
    start(DashboardOptions.builder().pageSize(2));
    String first = get("/dead?queue=" + Shop.QUEUE).body();
    assertThat(Pattern.compile("<tr data-id=").matcher(first).results().count()).isEqualTo(2);
    Matcher next = Pattern.compile("id=\"next\" href=\"([^\"]+)\"").matcher(first);
    assertThat(next.find()).isTrue();
    String second = get(next.group(1).replace("&amp;", "&")).body();
    assertThat(Pattern.compile("<tr data-id=").matcher(second).results().count()).isEqualTo(2);
    assertThat(second).doesNotContain(first.substring(first.indexOf("<tr data-id=")));
    assertThat(get("/").body()).contains("<td class=\"dead\">");
    assertThat(get("/queue?name=billing").body()).contains("id=\"jobs\"", "No ready jobs");
  }

  @Test
  void queuePage_pagesThroughReadyAndDelayedJobs() throws Exception {
    for (int i = 0; i < 3; i++) {
      shop.enqueue("wait-" + i, "order <" + i + ">");
    }
    shop.docket.enqueue(Shop.CHARGE, "later", EnqueueOptions.builder().jobId("later-1")
        .delay(java.time.Duration.ofHours(1)).build());
    start(DashboardOptions.builder().pageSize(2));
    String first = get("/queue?name=billing").body();
    assertThat(first).contains("data-job=\"wait-0\"", "data-job=\"wait-1\"",
        "order &lt;0&gt;").doesNotContain("wait-2", "later-1");
    Matcher next = Pattern.compile("id=\"next-jobs\" href=\"([^\"]+)\"").matcher(first);
    assertThat(next.find()).as("a next-page link").isTrue();
    String second = get(next.group(1).replace("&amp;", "&")).body();
    assertThat(second).contains("data-job=\"wait-2\"").doesNotContain("data-job=\"wait-0\"")
        .doesNotContain("id=\"next-jobs\"");
    assertThat(get("/queue?name=billing&delayed=1").body()).contains("data-job=\"later-1\"")
        .doesNotContain("data-job=\"wait-0\"");
    assertThat(shop.docket.stats(Shop.QUEUE).ready()).as("browsing received nothing")
        .isEqualTo(3);
  }

  @Test
  void queuePage_onABrokerThatCannotBrowse_saysWhy() throws Exception {
    try (Docket noBrowse = Docket.builder().broker(new ForwardingBroker(
        InMemoryBroker.create(TimeSource.system())) {
          private final Capabilities caps = delegate().capabilities().toBuilder()
              .browse(false).listQueues(false).build();

          @Override
          public Capabilities capabilities() {
            return caps;
          }

          @Override
          public QueueBrowser browser() {
            return QueueBrowser.unsupported("this broker sees a job only by receiving it");
          }
        }).build();
        Dashboard d = Dashboard.start(noBrowse, DashboardOptions.builder().build())) {
      String page = http.send(HttpRequest.newBuilder(d.uri().resolve("/queue?name=billing"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(page).contains("id=\"no-browse\"", "cannot browse",
          "this broker sees a job only by receiving it").doesNotContain("id=\"jobs\"");
    }
  }

  @Test
  void workersAndSchedules_ofThisProcess_areListed() throws Exception {
    Scheduler scheduler = shop.docket.scheduler().schedule(Schedule.of("nightly-charge",
        Shop.CHARGE, CronSchedule.unix("0 3 * * *"), "nightly")).build();
    try (Worker worker = shop.worker()) {
      start(DashboardOptions.builder().workers(worker).schedulers(scheduler));
      String workers = get("/workers").body();
      assertThat(workers).contains(esc(worker.workerId()), "billing.charge", "<td>2</td>");
      String schedules = get("/schedules").body();
      String next = CronSchedule.unix("0 3 * * *").nextAfter(shop.docket.clock().instant())
          .orElseThrow().toString().substring(0, 16).replace('T', ' ');
      assertThat(schedules).contains("nightly-charge", "0 3 * * *", next);
    } finally {
      scheduler.close();
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Test
  void loopbackDashboard_refusesAForeignHostHeader() throws Exception {
    start(DashboardOptions.builder());
    assertThat(rawGet("evil.example:" + dashboard.uri().getPort())).startsWith("HTTP/1.1 403");
    assertThat(rawGet("localhost:" + dashboard.uri().getPort())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("127.0.0.1:" + dashboard.uri().getPort())).startsWith("HTTP/1.1 200");
  }

  /** HttpClient will not set Host, so a socket does (as a DNS-rebinding page's request would). */
  private String rawGet(String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", dashboard.uri().getPort())) {
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void options_rejectBadValues() {
    assertThatThrownBy(() -> DashboardOptions.builder().port(70_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DashboardOptions.builder().queues("bad queue!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DashboardAuth.basic("a:b", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
