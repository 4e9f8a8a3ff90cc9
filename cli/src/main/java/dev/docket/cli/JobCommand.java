package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.JobId;
import dev.docket.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code docket job ID}: a job's recorded state, attempt and failure, read from the state store
 * (job states are recorded there, so a store is needed; without one the error says so).
 */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "A job's state from the state store; exit 1 when unknown.")
final class JobCommand implements Callable<Integer> {

  @Mixin Target target = new Target();

  @Parameters(paramLabel = "ID", description = "Job id.")
  String id = "";

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    try (Docket docket = target.connect(spec)) {
      docket.requireStore("job states");
      Optional<JobStatus> status = docket.job(JobId.of(id)).status();
      Output out = new Output(spec.commandLine().getOut(), target.json(spec));
      if (status.isEmpty()) {
        spec.commandLine().getErr().println("docket: no job " + id + " is recorded in the"
            + " state store (unknown, or its record expired)");
        return DocketCli.CHECK_FAILED;
      }
      JobStatus s = status.get();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("id", s.id().value());
      fields.put("state", s.state().name());
      fields.put("task", s.task());
      fields.put("queue", s.queue());
      fields.put("attempt", s.attempt());
      fields.put("updatedAt", s.updatedAt());
      if (s.failure() != null) {
        fields.put("failure", s.failure().reason() + ": " + s.failure().errorClass() + ": "
            + s.failure().message());
      }
      out.object(fields);
      return 0;
    }
  }
}
