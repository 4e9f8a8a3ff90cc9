package dev.docket.cli;

import dev.docket.DeadJob;
import dev.docket.DeadLetterQueue;
import dev.docket.Docket;
import dev.docket.JobId;
import dev.docket.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code docket dlq list|show|replay|purge QUEUE}: the dead-letter queue of one queue. Listing is
 * paged (never loads the whole DLQ); replay and purge take exactly one of {@code --id}, {@code
 * --task} or {@code --all}, and purge asks for confirmation unless {@code --yes}.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Dead letters of a queue: list, show, replay, purge.",
    subcommands = {DlqCommand.ListDead.class, DlqCommand.ShowDead.class, DlqCommand.ReplayDead.class,
        DlqCommand.PurgeDead.class})
final class DlqCommand {

  private DlqCommand() {}

  /** Which dead letters a replay or purge acts on: exactly one of the three. */
  static final class Selection {
    @Option(names = "--id", paramLabel = "ID", description = "One dead job.")
    @Nullable String id;

    @Option(names = "--task", paramLabel = "TASK", description = "Every dead job of a task.")
    @Nullable String task;

    @Option(names = "--all", description = "Every dead job of the queue.")
    boolean all;

    String describe(String queue) {
      return id != null ? "dead job " + id + " of queue '" + queue + "'"
          : task != null ? "every dead job of task '" + task + "' in queue '" + queue + "'"
              : "every dead job of queue '" + queue + "'";
    }

    /** How many {@code one}, {@code byTask} or {@code every} acted on, whichever is selected. */
    long count(Predicate<JobId> one, ToLongFunction<String> byTask, LongSupplier every) {
      return id != null ? (one.test(JobId.of(id)) ? 1 : 0)
          : task != null ? byTask.applyAsLong(task) : every.getAsLong();
    }
  }

  /** A replay or purge: a queue, the dead letters selected in it, and how many were acted on. */
  abstract static class SelectionCommand extends DocketCommand {

    @Parameters(paramLabel = "QUEUE") String queue = "";

    @ArgGroup(multiplicity = "1") Selection selection = new Selection();

    /**
     * Runs {@code action} on the queue's dead letters and prints how many were {@code done};
     * fails when the one id selected was not there.
     */
    int act(String done, ToLongFunction<DeadLetterQueue> action) {
      try (Docket docket = connect()) {
        long n = action.applyAsLong(docket.deadLetters(queue));
        output().message(done + " " + n + " (" + selection.describe(queue) + ")");
        return n == 0 && selection.id != null ? DocketCli.CHECK_FAILED : 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "One page of dead jobs.")
  static final class ListDead extends DocketCommand {

    @Parameters(paramLabel = "QUEUE") String queue = "";

    @Option(names = "--task", paramLabel = "TASK", description = "Only this task's jobs.")
    @Nullable String task;

    @Option(names = "--limit", paramLabel = "N", description = "Page size (default ${DEFAULT-VALUE}).")
    int limit = 50;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Next page (printed below a page).")
    @Nullable String cursor;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("--limit must be 1..1000, was " + limit);
      }
      try (Docket docket = connect()) {
        Page<DeadJob> page = docket.deadLetters(queue).list(cursor, limit);
        List<List<?>> rows = new ArrayList<>();
        for (DeadJob d : page.items()) {
          if (task == null || task.equals(d.task())) {
            rows.add(Arrays.asList(d.id().value(), d.task(), d.failure().reason().name(),
                d.failure().attempts(), d.failure().failedAt(), oneLine(d.failure().message())));
          }
        }
        List<String> columns = List.of("id", "task", "reason", "attempts", "failedAt", "message");
        output().page(Map.of(), "items", columns, rows, page.nextCursor(),
            c -> "more: --cursor " + c);
        return 0;
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "One dead job: failure, stack trace, headers, body.")
  static final class ShowDead extends DocketCommand {

    @Parameters(index = "0", paramLabel = "QUEUE") String queue = "";

    @Parameters(index = "1", paramLabel = "ID") String id = "";

    @Override
    public Integer call() {
      try (Docket docket = connect()) {
        DeadJob d = find(docket.deadLetters(queue), id);
        if (d == null) {
          err().println("docket: no dead job " + id + " in queue '"
              + queue + "'");
          return DocketCli.CHECK_FAILED;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", d.id().value());
        f.put("task", d.task());
        f.put("queue", d.queue());
        f.put("enqueuedAt", d.enqueuedAt());
        f.put("reason", d.failure().reason().name());
        f.put("attempts", d.failure().attempts());
        f.put("failedAt", d.failure().failedAt());
        f.put("worker", d.failure().workerId());
        f.put("error", d.failure().errorClass() + ": " + d.failure().message());
        f.put("headers", d.headers());
        f.put("body", new String(d.body(), StandardCharsets.UTF_8));
        f.put("stackTrace", d.failure().stackTrace());
        output().object(f);
        return 0;
      }
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Moves dead jobs back to the queue with their ids and bodies.")
  static final class ReplayDead extends SelectionCommand {
    @Override
    public Integer call() {
      return act("replayed",
          dlq -> selection.count(dlq::replay, dlq::replayTask, dlq::replayAll));
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = "Deletes dead jobs for good; asks first unless --yes.")
  static final class PurgeDead extends SelectionCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws IOException {
      if (!yes && !Confirmation.ask(spec,
          "Delete " + selection.describe(queue) + " for good? [y/N] ")) {
        err().println("docket: not confirmed; nothing deleted (pass --yes"
            + " to skip the question)");
        return DocketCli.CHECK_FAILED;
      }
      return act("purged", dlq -> selection.count(dlq::purge, dlq::purgeTask, dlq::purgeAll));
    }
  }

  private static @Nullable DeadJob find(DeadLetterQueue dlq, String id) {
    // Paged: a big DLQ is read a page at a time, never loaded whole.
    String cursor = null;
    do {
      Page<DeadJob> page = dlq.list(cursor, DeadLetterQueue.DEFAULT_PAGE_SIZE);
      for (DeadJob d : page.items()) {
        if (d.id().value().equals(id)) {
          return d;
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return null;
  }

  private static String oneLine(String s) {
    String line = s.replace('\n', ' ').replace('\r', ' ');
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }
}
