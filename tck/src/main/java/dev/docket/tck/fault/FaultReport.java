package dev.docket.tck.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one fault scenario, for the results table in {@code docs/operations/faults.md}.
 * {@link #publish()} logs them and appends one Markdown row to {@code target/fault-results.md}
 * (or the file in system property {@code docket.fault.results}).
 *
 * @param broker the fixture's broker name
 * @param rule the rule, e.g. {@code F1.1}
 * @param jobs jobs enqueued
 * @param runs runs recorded
 * @param duplicates runs beyond the first of each job
 * @param maxOverlap the longest time two runs of one job ran at once
 * @param recovery from the fault to the work going on again (see the rule), or {@code null}
 * @param elapsed the whole scenario
 * @param note what the fault was, with its parameters
 * @since 0.1
 */
public record FaultReport(String broker, String rule, long jobs, long runs, long duplicates,
    Duration maxOverlap, @Nullable Duration recovery, Duration elapsed, String note) {

  private static final Logger LOG = LoggerFactory.getLogger(FaultReport.class);

  /** One Markdown table row: broker, rule, jobs, duplicates, max overlap, recovery, time, note. */
  public String row() {
    return "| " + broker + " | " + rule + " | " + jobs + " | " + duplicates + " | "
        + maxOverlap.toMillis() + " ms | "
        + (recovery == null ? "—" : String.format("%.1f s", recovery.toMillis() / 1000.0))
        + " | " + elapsed.toSeconds() + " s | " + note + " |";
  }

  /** Logs the row and appends it to the results file. */
  public FaultReport publish() {
    LOG.info("FAULT RESULT {}", row());
    Path file = Path.of(System.getProperty("docket.fault.results", "target/fault-results.md"));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, row() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot append to {}: {}", file, e.toString());
    }
    return this;
  }
}
