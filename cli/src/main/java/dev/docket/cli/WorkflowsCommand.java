package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.WorkflowFailure;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code docket workflows}: the recent chains, groups and chords, newest first, with their
 * progress and state, paged with {@code --offset} and {@code --limit}. Needs the state store.
 */
@Command(name = "workflows", mixinStandardHelpOptions = true,
    description = "Recent workflows (chains, groups, chords), newest first, with their progress.")
final class WorkflowsCommand extends DocketCommand {

  /** The largest page. */
  static final int MAX_LIMIT = 1000;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "Workflows per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
      description = "How many of the newest to skip (default: ${DEFAULT-VALUE}).")
  int offset;

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
      throw new IllegalArgumentException("--limit must be between 1 and " + MAX_LIMIT
          + " and --offset not negative; were " + limit + " and " + offset);
    }
    try (Docket docket = connect()) {
      output().table(List.of("id", "kind", "state", "done", "size", "started",
          "failure"), docket.recentWorkflows(offset, limit), (RecentWorkflow w) -> {
            WorkflowFailure f = w.status().failure();
            return Arrays.asList(w.id(), w.status().kind(), w.status().state(),
                w.status().completed(), w.status().size(), w.started(),
                f == null ? null : f.message());
          });
      return 0;
    }
  }
}
