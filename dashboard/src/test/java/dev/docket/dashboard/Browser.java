package dev.docket.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through the system chromedriver. Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded. Without them: under
 * {@code CI=true} the test fails (CI must run the browser tests); elsewhere it is skipped with
 * the reason.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  static Browser open() {
    requireInstalled(CHROMIUM, CHROMEDRIVER, "true".equalsIgnoreCase(System.getenv("CI")));
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--window-size=1280,900");
    return new Browser(new ChromeDriver(service, options));
  }

  /** Fails under CI, skips elsewhere, when either program is missing. */
  static void requireInstalled(String chromium, String chromedriver, boolean ci) {
    if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
      String why = chromium + " or " + chromedriver + " is missing: apt-get install -y chromium"
          + " chromium-driver (bash .ci/run installs them)";
      if (ci) {
        fail("browser tests cannot run under CI: " + why);
      }
      Assumptions.abort("browser tests skipped: " + why);
    }
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT);
  }

  void go(String url) {
    driver.get(url);
  }

  /** Waits until the element's text contains {@code text}; returns the element. */
  WebElement waitForText(By by, String text) {
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by);
  }

  WebElement waitFor(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  WebDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
