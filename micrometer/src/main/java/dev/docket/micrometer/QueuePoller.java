package dev.docket.micrometer;

import dev.docket.Docket;
import dev.docket.HealthReport;
import dev.docket.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue gauges that read a cache, and the poller that fills it: one {@code Broker.stats} call
 * per queue per interval, whatever the scrape rate, and none from a scrape. It calls the broker's
 * {@code stats} directly, not {@link Docket#stats}, which declares the queue first: watching a
 * queue must not create it. A failed poll keeps the last values and is logged once per streak.
 */
final class QueuePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

  private final Duration interval;
  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private volatile @Nullable MeterRegistry registry;
  private @Nullable ScheduledExecutorService timer;
  private volatile boolean failing;

  /** One queue's last poll; NaN until the first. */
  static final class Watched {
    final Docket docket;
    final String queue;
    volatile double ready = Double.NaN;
    volatile double delayed = Double.NaN;
    volatile double inFlight = Double.NaN;
    volatile double dead = Double.NaN;
    volatile double oldestReadyAgeMillis = Double.NaN;
    /** The last poll's figures, for health checks; null before the first. */
    volatile HealthReport.@Nullable QueueHealth last;

    Watched(Docket docket, String queue) {
      this.docket = docket;
      this.queue = queue;
    }

    void poll() {
      QueueStats s = docket.broker().stats(queue);
      ready = s.ready();
      delayed = s.delayed();
      inFlight = s.inFlight();
      dead = s.dead();
      Duration age = s.oldestReadyAge(docket.clock().instant());
      oldestReadyAgeMillis = age.toMillis();
      last = new HealthReport.QueueHealth(s, age);
    }
  }

  QueuePoller(Duration interval) {
    this.interval = interval;
  }

  synchronized void add(Docket docket, String queue) {
    for (Watched w : watched) {
      if (w.docket == docket && w.queue.equals(queue)) {
        return;
      }
    }
    Watched w = new Watched(docket, queue);
    watched.add(w);
    MeterRegistry r = registry;
    if (r != null) {
      register(r, w);
    }
    if (timer == null && !interval.isZero()) {
      ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(run -> {
        Thread th = new Thread(run, "docket-metrics-poller");
        th.setDaemon(true);
        return th;
      });
      // The first poll at once, so gauges have values before the first interval ends.
      var unused = t.scheduleWithFixedDelay(this::poll, 0, interval.toNanos(),
          TimeUnit.NANOSECONDS);
      timer = t;
    }
  }

  /** The last figures of every queue polled at least once, in the order they were added. */
  List<HealthReport.QueueHealth> snapshot() {
    List<HealthReport.QueueHealth> out = new ArrayList<>();
    for (Watched w : watched) {
      HealthReport.QueueHealth h = w.last;
      if (h != null) {
        out.add(h);
      }
    }
    return out;
  }

  synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    watched.forEach(w -> register(registry, w));
  }

  private static void register(MeterRegistry r, Watched w) {
    gauge(r, "docket.queue.ready", w, x -> x.ready, "jobs due and waiting for a worker");
    gauge(r, "docket.queue.delayed", w, x -> x.delayed, "jobs waiting for their due time");
    gauge(r, "docket.queue.in.flight", w, x -> x.inFlight, "jobs leased to a worker");
    gauge(r, "docket.queue.dead", w, x -> x.dead, "jobs in the dead-letter queue");
    TimeGauge.builder("docket.queue.oldest.ready.age", w, TimeUnit.MILLISECONDS,
        x -> x.oldestReadyAgeMillis).strongReference(true).tag("queue", w.queue)
        .description("how long the oldest ready job has waited, at the last poll")
        .register(r);
  }

  private static void gauge(MeterRegistry r, String name, Watched w,
      ToDoubleFunction<Watched> f, String description) {
    Gauge.builder(name, w, f).strongReference(true).tag("queue", w.queue)
        .description(description).register(r);
  }

  /** Polls every watched queue on this thread. */
  void poll() {
    for (Watched w : watched) {
      try {
        w.poll();
        if (failing) {
          failing = false;
          LOG.info("Queue stats are readable again");
        }
      } catch (RuntimeException e) {
        if (!failing) {
          failing = true;
          LOG.warn("Could not read the stats of queue '{}' ({}); the gauges keep their last"
              + " values until a poll succeeds", w.queue, e.toString());
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
