package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.Worker;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the auto-configured worker with the application context: it starts after every other
 * bean is ready and stops first, letting running jobs finish within the worker's shutdown grace
 * (Spring bounds the whole phase by {@code spring.lifecycle.timeout-per-shutdown-phase}).
 */
public final class DocketWorkerLifecycle implements SmartLifecycle {

  /** Late start, early stop: jobs run only while the rest of the application is up. */
  public static final int PHASE = Integer.MAX_VALUE - 2048;

  private static final Logger LOG = LoggerFactory.getLogger(DocketWorkerLifecycle.class);

  private final Docket docket;
  private final DocketProperties.WorkerSettings settings;
  private final List<Object> taskBeans;
  private final List<WorkerCustomizer> customizers;
  private volatile @Nullable Worker worker;

  DocketWorkerLifecycle(Docket docket, DocketProperties.WorkerSettings settings,
      List<Object> taskBeans, List<WorkerCustomizer> customizers) {
    this.docket = docket;
    this.settings = settings;
    this.taskBeans = List.copyOf(taskBeans);
    this.customizers = List.copyOf(customizers);
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    if (taskBeans.isEmpty() && customizers.isEmpty()) {
      // Nothing to run: a producer-only application that did not set docket.worker.enabled.
      LOG.info("Docket worker not started: no bean has a @Task method and no WorkerCustomizer"
          + " is defined (set docket.worker.enabled=false to silence this)");
      return;
    }
    Worker.Builder builder = docket.worker().queues(settings.getQueues().toArray(String[]::new));
    if (settings.getConcurrency() != null) {
      builder.concurrency(settings.getConcurrency());
    }
    if (settings.getLease() != null) {
      builder.lease(settings.getLease());
    }
    if (settings.getShutdownGrace() != null) {
      builder.shutdownGrace(settings.getShutdownGrace());
    }
    if (settings.getHeartbeat() != null) {
      builder.heartbeat(settings.getHeartbeat());
    }
    taskBeans.forEach(builder::register);
    customizers.forEach(c -> c.customize(builder));
    worker = builder.start();
  }

  @Override
  public void stop() {
    Worker w;
    synchronized (this) {
      w = worker;
      worker = null;
    }
    if (w != null) {
      w.close();
    }
  }

  @Override
  public void stop(Runnable callback) {
    // Off the caller's thread, so the context stops other phases' beans in parallel with the
    // worker's grace period, as SmartLifecycle asks.
    Thread.ofPlatform().name("docket-worker-stop").start(() -> {
      try {
        stop();
      } finally {
        callback.run();
      }
    });
  }

  @Override
  public boolean isRunning() {
    Worker w = worker;
    return w != null && w.isRunning();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The running worker, if started (for tests and diagnostics). */
  public @Nullable Worker worker() {
    return worker;
  }
}
