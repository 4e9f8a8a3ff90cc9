package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * What an operator does, in a real browser against a live dashboard and a live worker: watch a
 * failing job arrive in the dead letters, open it, replay it and watch it succeed; purge; be
 * refused a write on a read-only dashboard. Each wait is for the text the step expects.
 */
abstract class BrowserJourneys {

  private Shop shop;
  private Browser browser;
  private Dashboard dashboard;
  private Worker worker;

  abstract Shop connect();

  @BeforeEach
  void setUp() {
    browser = Browser.open();
    shop = connect();
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (shop != null) {
      shop.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  private String start(boolean readOnly) {
    dashboard = Dashboard.start(shop.docket, DashboardOptions.builder().readOnly(readOnly)
        .queues(Shop.QUEUE).build());
    return dashboard.uri().toString();
  }

  private By deadCount() {
    return By.cssSelector("tr[data-queue='billing'] td.dead");
  }

  private By row(String id) {
    return By.cssSelector("tr[data-id='" + id + "']");
  }

  @Test
  void failingJob_arrivesInTheDlq_isReplayed_andSucceeds() {
    String base = start(false);
    worker = shop.worker().start();
    browser.go(base);
    browser.waitForText(deadCount(), "0");

    shop.enqueue("order-9", "o9");
    // The overview refreshes itself (htmx, every 2 s): the dead count turns to 1 on its own.
    browser.waitForText(deadCount(), "1");
    browser.driver.findElement(deadCount()).findElement(By.tagName("a")).click();
    browser.waitForText(row("order-9"), "card declined for o9");

    browser.driver.findElement(row("order-9")).findElement(By.tagName("a")).click();
    browser.waitForText(By.id("state"), "FAILURE");
    assertThat(browser.driver.findElement(By.cssSelector("pre.stack")).getText())
        .contains("NonRetryableException: card declined for o9");
    browser.driver.navigate().back();

    shop.failing.set(false);
    browser.waitFor(row("order-9")).findElement(By.cssSelector("button.replay")).click();
    browser.waitForText(By.id("done"), "Replayed 1 (job order-9)");
    assertThat(browser.driver.findElements(row("order-9"))).isEmpty();

    browser.go(base + "job?id=order-9");
    // The job page re-reads itself until the job succeeds.
    browser.waitForText(By.id("state"), "SUCCESS");
    assertThat(browser.driver.findElement(By.id("result")).getText()).contains("charged o9");

    // The nav's Workers page lists the running worker from its heartbeat in the store.
    browser.driver.findElement(By.linkText("Workers")).click();
    browser.waitForText(By.cssSelector("#live-workers tr[data-worker='" + worker.workerId()
        + "']"), "billing");
  }

  @Test
  void queuePage_listsAWaitingJob_andOpensIt() {
    String base = start(true);
    shop.enqueue("order-q", "waiting order");
    browser.go(base + "queue?name=billing");
    if (shop.docket.broker().capabilities().browse()) {
      browser.waitForText(By.cssSelector("#jobs tr[data-job='order-q']"), "billing.charge");
      browser.driver.findElement(By.cssSelector("#jobs tr[data-job='order-q'] a")).click();
    } else {
      // RabbitMQ and SQS cannot show a message without receiving it: the page says so, with
      // the broker's reason, and the job is found by id instead.
      browser.waitForText(By.id("no-browse"), "cannot browse ready or delayed jobs");
      assertThat(browser.driver.findElements(By.id("jobs"))).as("no faked list").isEmpty();
      browser.go(base + "job?id=order-q");
      browser.waitForText(By.id("state"), "PENDING");
    }
    browser.waitFor(By.cssSelector("input[name='id'][value='order-q']"));
    assertThat(shop.docket.stats(Shop.QUEUE).ready()).as("looking received nothing")
        .isEqualTo(1);
  }

  @Test
  void purgeOne_thenPurgeSelected() {
    String base = start(false);
    worker = shop.worker().start();
    shop.enqueue("order-a", "a");
    shop.enqueue("order-b", "b");
    browser.go(base);
    browser.waitForText(deadCount(), "2");
    browser.go(base + "dead?queue=billing");
    browser.waitFor(row("order-a")).findElement(By.cssSelector("button.purge")).click();
    browser.waitForText(By.id("done"), "Purged 1 (job order-a)");
    assertThat(browser.driver.findElements(row("order-a"))).isEmpty();

    browser.waitFor(row("order-b")).findElement(By.cssSelector("input[type=checkbox]")).click();
    browser.driver.findElement(By.id("purge-selected")).click();
    browser.waitForText(By.id("done"), "Purged 1 (1 selected)");
    browser.waitForText(By.id("empty"), "No dead jobs");
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).isZero();
  }

  @Test
  void readOnly_refusesAPost() {
    String base = start(true);
    worker = shop.worker().start();
    shop.enqueue("order-r", "r");
    browser.go(base);
    browser.waitForText(deadCount(), "1");
    browser.go(base + "dead?queue=billing");
    browser.waitFor(row("order-r"));
    assertThat(browser.driver.findElements(By.cssSelector("button"))).as("no write buttons")
        .allSatisfy(b -> assertThat(b.getText()).isEqualTo("Filter"));
    assertThat(browser.driver.findElement(By.id("mode")).getText()).isEqualTo("read-only");

    // A hand-made form, as a curious operator (or a stale tab) would post it.
    browser.driver.executeScript("""
        const f = document.createElement('form');
        f.method = 'post'; f.action = '/dead/purge';
        for (const [k, v] of [['queue', 'billing'], ['one', 'order-r'], ['csrf', 'x']]) {
          const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v;
          f.appendChild(i);
        }
        document.body.appendChild(f); f.submit();""");
    browser.waitForText(By.tagName("h1"), "Forbidden");
    assertThat(browser.driver.findElement(By.cssSelector("p.error")).getText())
        .contains("read-only");
    assertThat(shop.docket.stats(Shop.QUEUE).dead()).isEqualTo(1);
  }
}
