package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.JobId;
import dev.docket.JobStatus;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code docket job ID}: a job's recorded state, attempt and failure from the state store, and,
 * where the broker can browse, where the job waits now (queue, ready/delayed/in flight, due time,
 * deliveries, body preview), looked up in the queues given with {@code --queue} or else in every
 * queue the broker lists. Exit 1 when neither knows the job.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "A job's state from the state store and, where the broker can browse, where it"
        + " waits; exit 1 when unknown.")
final class JobCommand extends DocketCommand {

  @Parameters(paramLabel = "ID", description = "Job id.")
  String id = "";

  @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE",
      description = "Queues to look in (default: every queue the broker lists).")
  List<String> queues = new ArrayList<>();

  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      Broker broker = docket.broker();
      boolean browse = broker.capabilities().browse();
      if (!browse) {
        docket.requireStore("job states (the broker cannot browse: "
            + Browsing.reason(broker, false) + ")");
      }
      Optional<JobStatus> status = docket.store().isPresent()
          ? docket.job(JobId.of(id)).status() : Optional.empty();
      Optional<QueuedJob> live = browse ? find(broker) : Optional.empty();
      if (status.isEmpty() && live.isEmpty()) {
        err().println("docket: no job " + id + " is recorded in the"
            + " state store (unknown, or its record expired)"
            + (browse ? " or waiting in the broker's queues" : ""));
        return DocketCli.CHECK_FAILED;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("id", id);
      status.ifPresent(s -> {
        fields.put("state", s.state().name());
        fields.put("task", s.task());
        fields.put("queue", s.queue());
        fields.put("attempt", s.attempt());
        fields.put("updatedAt", s.updatedAt());
        if (s.failure() != null) {
          fields.put("failure", s.failure().reason() + ": " + s.failure().errorClass() + ": "
              + s.failure().message());
        }
      });
      live.ifPresent(j -> Browsing.fields(j).forEach(fields::putIfAbsent));
      live.ifPresent(j -> fields.put("brokerState", j.state().name()));
      output().object(fields);
      return 0;
    }
  }

  private Optional<QueuedJob> find(Broker broker) {
    List<String> where = new ArrayList<>(queues);
    if (where.isEmpty() && broker.capabilities().listQueues()) {
      Browsing.allQueues(broker).stream().map(QueueInfo::queue).forEach(where::add);
    }
    for (String q : where) {
      Optional<QueuedJob> j = broker.browser().job(q, id);
      if (j.isPresent()) {
        return j;
      }
    }
    return Optional.empty();
  }
}
