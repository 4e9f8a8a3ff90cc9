package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.cron.CronSchedule;
import dev.docket.cron.Schedule;
import dev.docket.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * Screenshots of the main pages on a small, fixed scene (memory://). Writes to {@code
 * target/screenshots}; to refresh the committed ones under {@code docs/img}, run
 * {@code mvn -pl dashboard -am verify -Dtest=DashboardScreenshotsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddocket.screenshots.dir=$PWD/docs/img}.
 */
class DashboardScreenshotsTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

  @Test
  void mainPages() throws Exception {
    Path dir = Path.of(System.getProperty("docket.screenshots.dir", "target/screenshots"));
    Files.createDirectories(dir);
    try (Browser browser = Browser.open(); Shop shop = Shop.memory()) {
      shop.failing.set(false);
      shop.enqueue("order-1001", "order 1001");
      shop.enqueue("order-1002", "order 1002");
      try (Worker w = shop.worker()) {
        w.runDue();
      }
      shop.failing.set(true);
      for (int i = 1003; i <= 1006; i++) {
        shop.enqueue("order-" + i, "order " + i);
      }
      try (Worker w = shop.worker()) {
        w.runDue();
      }
      for (int i = 0; i < 3; i++) {
        shop.docket.enqueue("mail.send", "user-" + i + "@example.com",
            EnqueueOptions.builder().queue("emails").build());
      }
      shop.docket.enqueue("mail.digest", "weekly", EnqueueOptions.builder().queue("emails")
          .delay(Duration.ofHours(1)).build());
      try (Dashboard dashboard = Dashboard.start(shop.docket, DashboardOptions.builder()
          .readOnly(false).queues("billing", "emails").build())) {
        String base = dashboard.uri().toString();
        shoot(browser, base, "overview", "", By.cssSelector("td.dead"), dir);
        shoot(browser, base, "queue", "queue?name=emails", By.cssSelector("#jobs tr[data-job]"),
            dir);
        shoot(browser, base, "job", "job?id=order-1003", By.id("state"), dir);
        shoot(browser, base, "dead-letters", "dead?queue=billing",
            By.cssSelector("tr[data-id='order-1003']"), dir);
        listings(shop, browser, base, dir);
      }
    }
  }

  /** The workers, schedules and workflows pages: two live workers, two crons, two chains. */
  private static void listings(Shop shop, Browser browser, String base, Path dir)
      throws Exception {
    TaskType<Integer, Integer> report = TaskType.builder("reports.build", Integer.class,
        Integer.class).queue("reports").build();
    CronSchedule nightly = CronSchedule.unix("0 3 * * *").zone(ZoneId.of("Europe/Paris"));
    try (Worker a = shop.docket.worker().workerId("web-1").queues("reports", "exports")
            .concurrency(8).handle(report, (n, ctx) -> n).start();
        Worker b = shop.docket.worker().workerId("web-2").queues("reports").concurrency(4)
            .handle(report, (n, ctx) -> n).start();
        Scheduler scheduler = shop.docket.scheduler()
            .schedule(Schedule.of("reports.nightly", report, nightly, 1))
            .schedule(Schedule.of("reports.hourly", report, CronSchedule.unix("0 * * * *"), 2))
            .build()) {
      scheduler.runDue();
      shoot(browser, base, "workers", "workers", By.cssSelector("tr[data-worker='web-2']"), dir);
      shoot(browser, base, "schedules", "schedules",
          By.cssSelector("tr[data-schedule='reports.nightly']"), dir);
      for (int i = 1; i <= 2; i++) {
        shop.docket.enqueue(Workflow.chain(Workflow.step(report, i)).then(report).then(report));
      }
      shoot(browser, base, "workflows", "workflows", By.cssSelector("tr[data-workflow]"), dir);
      assertThat(a.isRunning() && b.isRunning()).as("workers still up").isTrue();
    }
  }

  private static void shoot(Browser browser, String base, String name, String path, By ready,
      Path dir) throws Exception {
    browser.go(base + path);
    browser.waitFor(ready);
    byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
    assertThat(Arrays.copyOf(png, 4)).isEqualTo(PNG);
    assertThat(png.length).isGreaterThan(5_000);
    Files.write(dir.resolve("dashboard-" + name + ".png"), png);
  }
}
