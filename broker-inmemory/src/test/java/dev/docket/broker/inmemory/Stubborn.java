package dev.docket.broker.inmemory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A handler body that does not stop when asked, for tests of timeouts and stuck handlers. */
final class Stubborn {

  private Stubborn() {}

  /**
   * Waits until {@code release} opens, swallowing every interrupt, as a body that never checks
   * for one does; each wait is at most {@code seconds}, then it waits again.
   */
  static void waitIgnoringInterrupts(CountDownLatch release, long seconds) {
    boolean done = false;
    while (!done) {
      try {
        done = release.await(seconds, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        // The point: this body does not stop when asked.
      }
    }
  }
}
