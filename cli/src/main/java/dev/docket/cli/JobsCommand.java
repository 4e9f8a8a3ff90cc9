package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueuedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code docket jobs QUEUE}: one page of a queue's ready (or, with {@code --delayed}, delayed)
 * jobs, read without receiving them. A broker that can only see a job by receiving it (SQS,
 * RabbitMQ) says so in one line and the command exits 1, rather than taking jobs from workers.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "A page of a queue's ready or delayed jobs, without receiving them.")
final class JobsCommand implements Callable<Integer> {

  @Mixin Target target = new Target();

  @Parameters(paramLabel = "QUEUE", description = "Queue name.")
  String queue = "";

  @Option(names = "--delayed", description = "Delayed jobs (by due time) instead of ready ones.")
  boolean delayed;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "Jobs per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--cursor", paramLabel = "C", description = "The next page's cursor, as printed.")
  @Nullable String cursor;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    QueueBrowser.checkLimit(limit);
    try (Docket docket = target.connect(spec)) {
      Broker broker = docket.broker();
      if (!broker.capabilities().browse()) {
        spec.commandLine().getErr().println("docket: cannot list the jobs of " + queue + ": "
            + Browsing.reason(broker, false));
        return DocketCli.CHECK_FAILED;
      }
      Page<QueuedJob> page = broker.browser().jobs(queue,
          delayed ? QueuedJob.State.DELAYED : QueuedJob.State.READY, cursor, limit);
      List<List<?>> rows = new ArrayList<>();
      page.items().forEach(j -> rows.add(Browsing.row(j)));
      target.output(spec).page(Map.of("queue", queue), "jobs", Browsing.COLUMNS, rows,
          page.nextCursor(), c -> "more: --cursor '" + c + "'");
      return 0;
    }
  }
}
