package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code docket queues}: every queue the broker holds with its dead-letter queue and counts. A
 * broker that cannot list its queues (RabbitMQ over AMQP) says why; the queues named with {@code
 * --queue} (or {@code DOCKET_QUEUES}) are shown instead, and without any the command fails.
 */
@Command(name = "queues", mixinStandardHelpOptions = true,
    description = "The broker's queues with their dead-letter queue and counts.")
final class QueuesCommand extends DocketCommand {

  /** Comma-separated queue names to show when the broker cannot list its own. */
  static final String ENV_QUEUES = "DOCKET_QUEUES";

  @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE",
      description = "Queues to show when the broker cannot list them (default: $DOCKET_QUEUES).")
  List<String> named = new ArrayList<>();

  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      Broker broker = docket.broker();
      List<String> queues = new ArrayList<>();
      List<String> dlqs = new ArrayList<>();
      if (broker.capabilities().listQueues()) {
        for (QueueInfo q : Browsing.allQueues(broker)) {
          queues.add(q.queue());
          dlqs.add(q.deadLetterQueue());
        }
      } else {
        List<String> given = new ArrayList<>(named);
        String env = System.getenv(ENV_QUEUES);
        if (given.isEmpty() && env != null) {
          Arrays.stream(env.split(",", -1)).map(String::strip).filter(s -> !s.isEmpty())
              .forEach(given::add);
        }
        String why = Browsing.reason(broker, true);
        if (given.isEmpty()) {
          err().println("docket: " + why + "; name the queues with --queue"
              + " or " + ENV_QUEUES);
          return DocketCli.CHECK_FAILED;
        }
        err().println("docket: " + why + "; showing the queues given");
        queues.addAll(given);
        given.forEach(q -> dlqs.add(null));
      }
      List<List<?>> rows = new ArrayList<>();
      for (int i = 0; i < queues.size(); i++) {
        QueueStats s = docket.stats(queues.get(i));
        rows.add(Arrays.asList(queues.get(i), dlqs.get(i), s.ready(), s.delayed(), s.inFlight(),
            s.dead()));
      }
      output().table(
          List.of("queue", "deadLetterQueue", "ready", "delayed", "inFlight", "dead"), rows);
      return 0;
    }
  }
}
