package dev.docket.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a suspect job (one that has crashed a worker before, see {@link StartLedger}) run alone in
 * its worker: every run holds one permit, a suspect holds them all. The semaphore is fair, so a
 * waiting suspect stops new runs from starting until the running ones are done and it has run;
 * a crash during its run then charges the suspect only. Ordinary runs pay one uncontended
 * permit. Thread-safe.
 */
final class SoloGate {
  private static final int ALL = Integer.MAX_VALUE / 2;

  private final Semaphore permits = new Semaphore(ALL, true);

  /** A held pass; {@link #close()} returns it, once, from any thread. */
  static final class Pass implements AutoCloseable {
    private final Semaphore permits;
    private final int count;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pass(Semaphore permits, int count) {
      this.permits = permits;
      this.count = count;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        permits.release(count);
      }
    }
  }

  /** Waits for a pass: the whole worker when {@code alone}, else a shared one. */
  Pass enter(boolean alone) throws InterruptedException {
    int n = alone ? ALL : 1;
    permits.acquire(n);
    return new Pass(permits, n);
  }
}
