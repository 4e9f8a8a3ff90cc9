package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
      }
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
