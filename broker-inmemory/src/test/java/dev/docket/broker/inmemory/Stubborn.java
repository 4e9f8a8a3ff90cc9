package dev.docket.broker.inmemory;

import dev.docket.JobContext;
import dev.docket.JobHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler body that does not stop when asked, for tests of timeouts and stuck handlers. */
final class Stubborn {

  private Stubborn() {}

  /**
   * A handler whose first run waits for {@link #release} ignoring interrupts ({@link
   * #waitIgnoringInterrupts}, each wait at most {@code seconds}), then opens {@link #returned};
   * every later run returns at once. {@link #runs} counts the runs.
   */
  static final class FirstRunHangs<A> implements JobHandler<A, Void> {
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch returned = new CountDownLatch(1);
    private final long seconds;

    FirstRunHangs(long seconds) {
      this.seconds = seconds;
    }

    @Override
    public Void handle(A args, JobContext context) {
      if (runs.incrementAndGet() == 1) {
        waitIgnoringInterrupts(release, seconds);
        returned.countDown();
      }
      return null;
    }
  }

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
