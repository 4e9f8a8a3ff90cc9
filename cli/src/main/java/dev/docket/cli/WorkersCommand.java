package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.WorkerInfo;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code docket workers}: the running workers of every process sharing the state store, from
 * their heartbeats ({@link Docket#workers()}), sorted by id. Needs a store ({@code --store} or
 * {@code DOCKET_STORE_URI}); without one it fails with one line naming the setting.
 */
@Command(name = "workers", mixinStandardHelpOptions = true,
    description = "Running workers (from their heartbeats in the state store): queues, busy"
        + " slots, last heartbeat.")
final class WorkersCommand extends DocketCommand {
  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      boolean json = json();
      output().table(List.of("worker", "host", "pid", "queues", "busy",
          "concurrency", "started", "lastSeen", "version"), docket.workers(),
          (WorkerInfo w) -> Arrays.asList(w.workerId(), w.host(), w.pid(),
              json ? w.queues() : String.join(",", w.queues()), w.busy(), w.concurrency(),
              w.started(), w.lastSeen(), w.version()));
      return 0;
    }
  }
}
