package dev.docket.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The demo's metrics, read back from the {@link MeterRegistry} that {@code DocketMetrics} filled
 * during the run: per task, the p50/p95/p99 of successful runs ({@code docket.job.duration},
 * outcome {@code success}), and the success and retry rates (succeeded and retried attempts over
 * started ones); then the worker's utilization over the run, handler time over the slot time
 * the worker had (elapsed × concurrency).
 */
final class MetricsTable {
  private final MeterRegistry registry;

  MetricsTable(MeterRegistry registry) {
    this.registry = registry;
  }

  void print(PrintStream out, Duration elapsed, int concurrency) {
    out.println();
    out.println("Metrics (docket-micrometer, read from the MeterRegistry)");
    TextTable table = new TextTable("task", "runs", "p50 ms", "p95 ms", "p99 ms", "success",
        "retry");
    Set<String> tasks = new TreeSet<>();
    registry.find("docket.jobs.started").counters()
        .forEach(c -> tasks.add(c.getId().getTag("task")));
    double handlerSeconds = 0;
    for (Timer t : registry.find("docket.job.duration").timers()) {
      handlerSeconds += t.totalTime(TimeUnit.SECONDS);
    }
    for (String task : tasks) {
      double started = count("docket.jobs.started", task);
      Timer ok = registry.find("docket.job.duration").tag("task", task).tag("outcome", "success")
          .timer();
      String[] p = {"-", "-", "-"};
      if (ok != null) {
        ValueAtPercentile[] values = ok.takeSnapshot().percentileValues();
        for (int i = 0; i < Math.min(3, values.length); i++) {
          p[i] = String.format(Locale.ROOT, "%.0f", values[i].value(TimeUnit.MILLISECONDS));
        }
      }
      table.row(task, (long) started, p[0], p[1], p[2],
          percent(count("docket.jobs.succeeded", task), started),
          percent(count("docket.jobs.retried", task), started));
    }
    out.print(table.render("  "));
    double slotSeconds = elapsed.toNanos() / 1e9 * concurrency;
    out.printf(Locale.ROOT, "  worker utilization: %s (%.2f s of handlers in %.2f s x %d slots)%n",
        percent(handlerSeconds, slotSeconds), handlerSeconds, elapsed.toNanos() / 1e9,
        concurrency);
  }

  private double count(String name, String task) {
    double sum = 0;
    for (Counter c : registry.find(name).tag("task", task).counters()) {
      sum += c.count();
    }
    return sum;
  }

  private static String percent(double part, double whole) {
    return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * part / whole);
  }
}
