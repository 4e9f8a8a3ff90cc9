package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.Worker;
import dev.docket.micrometer.DocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Binds {@link DocketMetrics} to the application's {@link MeterRegistry} and adds the queue and
 * worker gauges, in the lifecycle phase right after the worker's start, so the worker exists.
 */
public final class DocketMetricsBinding implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(DocketMetricsBinding.class);

  private final DocketMetrics metrics;
  private final ObjectProvider<MeterRegistry> registries;
  private final Docket docket;
  private final List<String> queues;
  private final ObjectProvider<DocketWorkerLifecycle> worker;
  private volatile boolean running;
  private boolean bound;

  DocketMetricsBinding(DocketMetrics metrics, ObjectProvider<MeterRegistry> registries,
      Docket docket, List<String> queues, ObjectProvider<DocketWorkerLifecycle> worker) {
    this.metrics = metrics;
    this.registries = registries;
    this.docket = docket;
    this.queues = List.copyOf(queues);
    this.worker = worker;
  }

  @Override
  public synchronized void start() {
    running = true;
    if (bound) {
      return;
    }
    MeterRegistry registry = registries.getIfUnique();
    if (registry == null) {
      LOG.info("Docket metrics not bound: no single MeterRegistry bean (found {})",
          registries.stream().count());
      return;
    }
    bound = true;
    metrics.bindTo(registry);
    metrics.monitorQueues(docket, queues.toArray(String[]::new));
    DocketWorkerLifecycle lifecycle = worker.getIfAvailable();
    Worker w = lifecycle == null ? null : lifecycle.worker();
    if (w != null) {
      metrics.monitorWorker(w);
    }
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return DocketWorkerLifecycle.PHASE + 1;
  }
}
