package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health ({@code /actuator/health/docket}) over {@link Docket#health}: DOWN with the
 * broken thresholds when a checked queue is too deep, too old or has dead letters; each queue's
 * counts as details.
 */
public final class DocketHealthIndicator implements HealthIndicator {

  private final Docket docket;
  private final List<String> queues;
  private final HealthThresholds thresholds;

  DocketHealthIndicator(Docket docket, List<String> queues, HealthThresholds thresholds) {
    this.docket = docket;
    this.queues = List.copyOf(queues);
    this.thresholds = thresholds;
  }

  @Override
  public Health health() {
    HealthReport report = docket.health(thresholds, queues.toArray(String[]::new));
    Health.Builder health = report.healthy() ? Health.up() : Health.down();
    for (HealthReport.QueueHealth q : report.queues()) {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("ready", q.stats().ready());
      counts.put("delayed", q.stats().delayed());
      counts.put("inFlight", q.stats().inFlight());
      counts.put("dead", q.stats().dead());
      counts.put("oldestReadyAgeMs", q.oldestReadyAge().toMillis());
      health.withDetail(q.stats().queue(), counts);
    }
    if (!report.problems().isEmpty()) {
      health.withDetail("problems", report.problems());
    }
    return health.build();
  }
}
