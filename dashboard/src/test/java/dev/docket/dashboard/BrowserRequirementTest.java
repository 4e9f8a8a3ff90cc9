package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing browser fails the browser tests under CI and skips them, with the reason, elsewhere. */
class BrowserRequirementTest {

  private static final String MISSING = "/nonexistent/chromium";

  @Test
  void missingBrowser_failsUnderCi() {
    assertThatThrownBy(() -> Browser.requireInstalled(MISSING, Browser.CHROMEDRIVER, true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("cannot run under CI").hasMessageContaining(MISSING);
  }

  @Test
  void missingBrowser_skipsWithAReasonElsewhere() {
    assertThatThrownBy(() -> Browser.requireInstalled(Browser.CHROMIUM, MISSING, false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install -y chromium chromium-driver");
  }

  @Test
  void installedBrowser_passes() {
    // This machine has them (CI installs them): the check lets the tests run.
    assertThatCode(() -> Browser.requireInstalled(Browser.CHROMIUM, Browser.CHROMEDRIVER,
        true)).doesNotThrowAnyException();
  }
}
