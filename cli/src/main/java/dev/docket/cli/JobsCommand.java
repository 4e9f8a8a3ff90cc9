package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueuedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code docket jobs QUEUE}: one page of a queue's ready (or, with {@code --delayed}, delayed)
 * jobs, read without receiving them. A broker that can only see a job by receiving it (SQS,
 * RabbitMQ) says so in one line and the command exits 1, rather than taking jobs from workers.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "A page of a queue's ready or delayed jobs, without receiving them.")
final class JobsCommand extends DocketCommand {

  @Parameters(paramLabel = "QUEUE", description = "Queue name.")
  String queue = "";

  @Option(names = "--delayed", description = "Delayed jobs (by due time) instead of ready ones.")
  boolean delayed;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "Jobs per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--cursor", paramLabel = "C", description = "The next page's cursor, as printed.")
  @Nullable String cursor;

  @Override
  public Integer call() {
    QueueBrowser.checkLimit(limit);
    try (Docket docket = connect()) {
      Broker broker = docket.broker();
      if (!broker.capabilities().browse()) {
        err().println("docket: cannot list the jobs of " + queue + ": "
            + Browsing.reason(broker, false));
        return DocketCli.CHECK_FAILED;
      }
      Page<QueuedJob> page = broker.browser().jobs(queue,
          delayed ? QueuedJob.State.DELAYED : QueuedJob.State.READY, cursor, limit);
      List<List<?>> rows = new ArrayList<>();
      page.items().forEach(j -> rows.add(Browsing.row(j)));
      output().page(Map.of("queue", queue), "jobs", Browsing.COLUMNS, rows,
          page.nextCursor(), c -> "more: --cursor '" + c + "'");
      return 0;
    }
  }
}
