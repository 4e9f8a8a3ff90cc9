package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.Migration;
import dev.docket.MigrationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code docket migrate --from URI --to URI}: moves ready, delayed and dead jobs from one broker
 * to another with a {@link Migration}, keeping ids, due times, priorities, headers, delivery
 * counts and failure records; safe to run again after a crash. Asks for confirmation unless
 * {@code --yes} or {@code --dry-run}. Exit status 0 when everything moved, 1 when jobs were left
 * behind (the report says why) or the question was declined.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Moves ready, delayed and dead jobs from one broker to another.%n"
        + "Safe to run again after a crash; stop the source's workers first.")
final class MigrateCommand implements Callable<Integer> {

  @Option(names = "--from", required = true, paramLabel = "URI",
      description = "Broker URI to move jobs from.")
  String from = "";

  @Option(names = "--to", required = true, paramLabel = "URI",
      description = "Broker URI to move jobs to.")
  String to = "";

  @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE",
      description = "A queue to move (repeatable; default: every queue the source lists).")
  List<String> queues = new ArrayList<>();

  @Option(names = "--dry-run", description = "Move nothing; print what the source holds.")
  boolean dryRun;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--batch", paramLabel = "N",
      description = "Jobs per fetch, publish and delete, 1..1000 (default ${DEFAULT-VALUE}).")
  int batch = 100;

  @Option(names = "--wait-delayed", paramLabel = "DURATION", converter = Durations.class,
      description = "How long to wait for delayed jobs to come due on a source that cannot"
          + " read them early (RabbitMQ, SQS); default 0s.")
  Duration waitDelayed = Duration.ZERO;

  @Option(names = "--lease", paramLabel = "DURATION", converter = Durations.class,
      description = "How long a job stays leased on the source while it is copied; after a"
          + " crash a re-run sees it again after this (default 5m).")
  Duration lease = Duration.ofMinutes(5);

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (batch < 1 || batch > 1000) {
      throw new IllegalArgumentException("--batch must be 1..1000, was " + batch);
    }
    boolean asJson = json || Target.jsonBefore(spec);
    if (!dryRun && !yes && !Confirmation.ask(spec, "Move the jobs of "
        + (queues.isEmpty() ? "every queue" : "queue(s) " + String.join(", ", queues))
        + " to the target and delete them from the source? [y/N] ")) {
      spec.commandLine().getErr().println("docket: not confirmed; nothing moved (pass --yes to"
          + " skip the question)");
      return DocketCli.CHECK_FAILED;
    }
    try (Docket source = Docket.builder().uri(from).build();
        Docket target = Docket.builder().uri(to).build()) {
      MigrationReport report = Migration.builder().from(source.broker()).to(target.broker())
          .queues(queues).batch(batch).waitDelayed(waitDelayed).lease(lease).dryRun(dryRun)
          .build().run();
      print(report, asJson);
      return report.dryRun() || report.leftBehind() == 0 ? 0 : DocketCli.CHECK_FAILED;
    }
  }

  private void print(MigrationReport report, boolean asJson) {
    PrintWriter err = spec.commandLine().getErr();
    report.warnings().forEach(w -> err.println("docket: warning: " + w));
    List<String> columns = List.of("queue", "ready", "delayed", "dead", "duplicates",
        "leftBehind");
    List<List<?>> rows = new ArrayList<>();
    for (MigrationReport.QueueReport q : report.queues()) {
      rows.add(List.of(q.queue(), q.ready(), q.delayed(), q.dead(), q.duplicates(),
          q.leftBehind()));
    }
    Output out = new Output(spec.commandLine().getOut(), asJson);
    if (asJson) {
      List<Map<String, Object>> items = Output.objects(columns, rows);
      for (int i = 0; i < items.size(); i++) {
        items.get(i).put("reasons", report.queues().get(i).reasons());
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("dryRun", report.dryRun());
      o.put("moved", report.moved());
      o.put("leftBehind", report.leftBehind());
      o.put("queues", items);
      o.put("warnings", report.warnings());
      out.object(o);
      return;
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println(report.dryRun() ? "dry run: nothing moved; the source holds:" : "moved:");
    out.table(columns, rows);
    for (MigrationReport.QueueReport q : report.queues()) {
      q.reasons().forEach(r -> w.println(q.queue() + ": left behind: " + r));
    }
  }
}
