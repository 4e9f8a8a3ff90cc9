package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;

/**
 * {@code docket enqueue TASK JSON}: enqueues one job by task name with a JSON argument, as a
 * producer that does not share the task's Java type would. With {@code --id} it is idempotent:
 * running it twice enqueues one job.
 */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
    description = "Enqueues one job: TASK with the JSON argument.")
final class EnqueueCommand extends DocketCommand {

  @Parameters(index = "0", paramLabel = "TASK", description = "Task name.")
  String task = "";

  @Parameters(index = "1", paramLabel = "JSON", description = "The argument, as JSON.")
  String json = "";

  @Option(names = "--queue", paramLabel = "QUEUE", description = "Queue (default: the task's).")
  @Nullable String queue;

  @Option(names = "--delay", paramLabel = "DURATION", converter = Durations.class,
      description = "Run after this delay (e.g. 30s, 5m).")
  @Nullable Duration delay;

  @Option(names = "--priority", paramLabel = "N", description = "Priority (higher first).")
  @Nullable Integer priority;

  @Option(names = "--id", paramLabel = "ID", description = "Job id (idempotent enqueue).")
  @Nullable String id;

  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      Object args;
      try {
        args = docket.jsonMapper().readValue(json, Object.class);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("the argument is not valid JSON: "
            + e.getOriginalMessage());
      }
      EnqueueOptions.Builder options = EnqueueOptions.builder();
      if (queue != null) {
        options.queue(queue);
      }
      if (delay != null) {
        options.delay(delay);
      }
      if (priority != null) {
        options.priority(priority);
      }
      if (id != null) {
        options.jobId(id);
      }
      EnqueuedJob job = docket.enqueue(task, args, options.build());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("id", job.id().value());
      fields.put("task", job.task());
      fields.put("queue", job.queue());
      fields.put("duplicate", job.duplicate());
      output().object(fields);
      return 0;
    }
  }
}
