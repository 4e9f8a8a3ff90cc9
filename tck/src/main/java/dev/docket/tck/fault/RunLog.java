package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Every run recorded by the worker processes of one scenario ({@link RunRecorder} files in one
 * directory), grouped by job id.
 *
 * @since 0.1
 */
public final class RunLog {

  /**
   * One run of one job in one process.
   *
   * @param jobId the job id
   * @param pid the worker process
   * @param startMillis wall time of the start
   * @param endMillis wall time of the end, or {@code null} when none was recorded (the process
   *     died, or the run still goes on)
   */
  public record Run(String jobId, long pid, long startMillis, @Nullable Long endMillis) {}

  private final Map<String, List<Run>> byJob;

  private RunLog(Map<String, List<Run>> byJob) {
    this.byJob = byJob;
  }

  /** Reads every {@code runs-*.log} in {@code dir}. */
  public static RunLog read(Path dir) {
    Map<String, List<Run>> byJob = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("runs-")).toList()) {
        // Starts wait for their end per (job, pid): one process may run a job twice.
        Map<String, Deque<long[]>> open = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
          String[] f = line.split(" ", -1);
          if (f.length != 4) {
            continue; // READY lines, or a line a kill cut short
          }
          long pid = Long.parseLong(f[2]);
          long at = Long.parseLong(f[3]);
          String key = f[1] + " " + pid;
          if (f[0].equals("S")) {
            open.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new long[] {pid, at});
          } else if (f[0].equals("E")) {
            Deque<long[]> starts = open.get(key);
            long[] start = starts == null ? null : starts.poll();
            if (start != null) {
              add(byJob, new Run(f[1], pid, start[1], at));
            }
          }
        }
        open.forEach((key, starts) -> starts.forEach(s ->
            add(byJob, new Run(key.substring(0, key.indexOf(' ')), s[0], s[1], null))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run records in " + dir, e);
    }
    byJob.values().forEach(runs -> runs.sort(Comparator.comparingLong(Run::startMillis)));
    return new RunLog(byJob);
  }

  private static void add(Map<String, List<Run>> byJob, Run run) {
    byJob.computeIfAbsent(run.jobId(), k -> new ArrayList<>()).add(run);
  }

  /** Runs by job id, each list in start order. */
  public Map<String, List<Run>> byJob() {
    return byJob;
  }

  /** The runs of one job, in start order (empty when it never ran). */
  public List<Run> runs(String jobId) {
    return byJob.getOrDefault(jobId, List.of());
  }

  /** How many jobs have at least one run with a recorded end. */
  public long completedJobs() {
    return byJob.values().stream()
        .filter(runs -> runs.stream().anyMatch(r -> r.endMillis() != null)).count();
  }

  /** Every run, in no particular order. */
  public List<Run> all() {
    return byJob.values().stream().flatMap(List::stream).toList();
  }
}
