package dev.docket.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a handler and its outcome. Either the body finishes first and its outcome counts,
 * or the timeout comes first: the body is interrupted, the job settled as timed out, and
 * whatever the body does later is discarded. {@link #decided} picks exactly one of the two.
 *
 * <p>A body that ignores the interrupt keeps running: {@link #ended()} completes only when its
 * thread really returns, so whatever it holds (locks, permits, the worker slot) is released then
 * and not at the timeout. If it is still running {@link #STUCK_GRACE} after the interrupt it is
 * reported stuck.
 */
final class HandlerRun implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerRun.class);

  /** How long a timed-out body has to heed the interrupt before it counts as stuck. */
  static final Duration STUCK_GRACE = Duration.ofSeconds(1);

  /** How a handler run ended. */
  enum Finish {
    /** The body returned or threw: its outcome counts. */
    BODY,
    /** The timeout came first: the job is settled as timed out. */
    TIMED_OUT,
    /** The waiting thread was interrupted: the job was handed back. */
    INTERRUPTED
  }

  /** The handler call. */
  interface Call {
    /** Runs the handler; its result or exception is the outcome. */
    @Nullable Object call() throws Exception;
  }

  private final Call call;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final CountDownLatch timeoutSettled = new CountDownLatch(1);
  private final CompletableFuture<@Nullable Void> ended = new CompletableFuture<>();
  private @Nullable Object result;
  private @Nullable Throwable error;

  HandlerRun(Call call) {
    this.call = call;
  }

  @Override
  public void run() {
    try {
      result = call.call();
    } catch (Throwable t) {
      error = t;
    } finally {
      ended.complete(null);
    }
  }

  /** The body's result, when it returned. */
  @Nullable Object result() {
    return result;
  }

  /** What the body threw, or null. */
  @Nullable Throwable error() {
    return error;
  }

  /** Completes when the body's thread has returned from the handler, however late. */
  CompletableFuture<@Nullable Void> ended() {
    return ended;
  }

  /**
   * Runs the body on this thread; {@code watchdog} fires {@code onTimeout} on a fresh virtual
   * thread if the body is still running at {@code timeout}, and {@code onStuck} if it still runs
   * {@link #STUCK_GRACE} later. A body that heeds the interrupt returns here, and this thread
   * waits for that settlement so the worker's slot frees after it.
   */
  Finish runHere(ClockScheduler watchdog, Duration timeout, Runnable onTimeout,
      Runnable onStuck) {
    Thread self = Thread.currentThread();
    ClockScheduler.@Nullable Handle alarm;
    try {
      alarm = watchdog.schedule(timeout, () -> {
        if (decided.compareAndSet(false, true)) {
          self.interrupt();
          RuntimeThreads.startTask("timeout", () -> {
            try {
              settleQuietly(onTimeout);
            } finally {
              timeoutSettled.countDown();
            }
          });
          scheduleStuckCheck(watchdog, onStuck);
        }
      });
    } catch (RejectedExecutionException e) {
      // The worker shut down after this job started; shutdown hands it back and interrupts it.
      alarm = null;
    }
    run();
    if (!decided.compareAndSet(false, true)) {
      // The watchdog's interrupt may still be pending; it was meant for the body.
      boolean interrupted = Thread.interrupted();
      try {
        timeoutSettled.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return Finish.TIMED_OUT;
    }
    if (alarm != null) {
      alarm.cancel();
    }
    return Finish.BODY;
  }

  private void scheduleStuckCheck(ClockScheduler watchdog, Runnable onStuck) {
    try {
      var unused = watchdog.schedule(STUCK_GRACE, () -> {
        if (!ended.isDone()) {
          onStuck.run();
        }
      });
    } catch (RejectedExecutionException e) {
      // Shutting down: nobody reads the count any more.
    }
  }

  /**
   * Runs the body on a virtual thread and waits up to {@code timeout} (wall time: this is the
   * caller-thread path of {@code Worker.runDue()}); past it, interrupts the body and runs {@code
   * onTimeout} here.
   */
  Finish runOnOwnThread(String jobId, Duration timeout, Runnable onTimeout) {
    Thread body = RuntimeThreads.task("job-" + jobId, this);
    body.start();
    try {
      if (body.join(timeout)) {
        return Finish.BODY;
      }
    } catch (InterruptedException e) {
      body.interrupt();
      Thread.currentThread().interrupt();
      return Finish.INTERRUPTED;
    }
    // The body may ignore the interrupt; its late outcome is discarded either way.
    body.interrupt();
    onTimeout.run();
    return Finish.TIMED_OUT;
  }

  private static void settleQuietly(Runnable settle) {
    try {
      settle.run();
    } catch (RuntimeException e) {
      LOG.error("A timed-out job could not be settled; it will be redelivered after its lease",
          e);
    }
  }
}
