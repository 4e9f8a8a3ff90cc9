package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code docket health QUEUE…}: checks depth, oldest ready age and dead letters against
 * thresholds; exit status 0 when healthy and 1 when not, for scripts and probes.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Checks queues against thresholds; exit 0 healthy, 1 unhealthy.")
final class HealthCommand extends DocketCommand {

  @Parameters(arity = "1..*", paramLabel = "QUEUE", description = "Queue names.")
  String[] queues = new String[0];

  @Option(names = "--max-ready", paramLabel = "N",
      description = "Most ready jobs allowed (default ${DEFAULT-VALUE}).")
  long maxReady = HealthThresholds.defaults().maxReady();

  @Option(names = "--max-age", paramLabel = "DURATION", converter = Durations.class,
      description = "Longest wait of the oldest ready job (default 5m).")
  @Nullable Duration maxAge;

  @Option(names = "--max-dead", paramLabel = "N",
      description = "Most dead letters allowed (default ${DEFAULT-VALUE}).")
  long maxDead = HealthThresholds.defaults().maxDead();

  @Override
  public Integer call() {
    HealthThresholds thresholds = new HealthThresholds(maxReady,
        maxAge == null ? HealthThresholds.defaults().maxOldestReadyAge() : maxAge, maxDead);
    try (Docket docket = connect()) {
      HealthReport report = docket.health(thresholds, queues);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("status", report.healthy() ? "HEALTHY" : "UNHEALTHY");
      fields.put("queues", String.join(", ", queues));
      if (json()) {
        fields.put("problems", report.problems());
      } else {
        for (int i = 0; i < report.problems().size(); i++) {
          fields.put("problem " + (i + 1), report.problems().get(i));
        }
      }
      output().object(fields);
      return report.healthy() ? 0 : DocketCli.CHECK_FAILED;
    }
  }
}
