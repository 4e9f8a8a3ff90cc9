package dev.docket.cli;

import dev.docket.Docket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code docket stats QUEUE…}: ready, delayed, in flight, dead and oldest ready age per queue. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Counts per queue: ready, delayed, in flight, dead, oldest ready age.")
final class StatsCommand extends DocketCommand {

  @Parameters(arity = "1..*", paramLabel = "QUEUE", description = "Queue names.")
  String[] queues = new String[0];

  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      Instant now = docket.clock().instant();
      output().table(
          List.of("queue", "ready", "delayed", "inFlight", "dead", "oldestReadyAgeMs"),
          Arrays.stream(queues).map(docket::stats).toList(),
          s -> Arrays.asList(s.queue(), s.ready(), s.delayed(), s.inFlight(), s.dead(),
              s.oldestReadySince() == null ? null : s.oldestReadyAge(now).toMillis()));
      return 0;
    }
  }
}
