package dev.docket.cli;

import dev.docket.Docket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code docket stats QUEUE…}: ready, delayed, in flight, dead and oldest ready age per queue. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Counts per queue: ready, delayed, in flight, dead, oldest ready age.")
final class StatsCommand implements Callable<Integer> {

  @Mixin Target target = new Target();

  @Parameters(arity = "1..*", paramLabel = "QUEUE", description = "Queue names.")
  String[] queues = new String[0];

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    try (Docket docket = target.connect(spec)) {
      Instant now = docket.clock().instant();
      target.output(spec).table(
          List.of("queue", "ready", "delayed", "inFlight", "dead", "oldestReadyAgeMs"),
          Arrays.stream(queues).map(docket::stats).toList(),
          s -> Arrays.asList(s.queue(), s.ready(), s.delayed(), s.inFlight(), s.dead(),
              s.oldestReadySince() == null ? null : s.oldestReadyAge(now).toMillis()));
      return 0;
    }
  }
}
