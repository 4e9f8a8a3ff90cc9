package dev.docket.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** SQS requests per measured run of one subject: the per-operation counts and the job count. */
final class RequestLog {

  /**
   * One run.
   *
   * @param jobs jobs of the run
   * @param byOperation requests by SQS operation
   */
  record Run(int jobs, Map<String, Long> byOperation) {
    long total() {
      return byOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    double perJob() {
      return (double) total() / jobs;
    }
  }

  private final String subject;
  private final PrintStream out;
  private final Map<String, Run> last = new LinkedHashMap<>();

  RequestLog(String subject, PrintStream out) {
    this.subject = subject;
    this.out = out;
  }

  /** Records a run from two snapshots of the counters and prints it. */
  void record(String run, int jobs, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((op, n) -> {
      long d = n - before.getOrDefault(op, 0L);
      if (d > 0) {
        delta.put(op, d);
      }
    });
    Run r = new Run(jobs, delta);
    last.put(run, r);
    out.printf(Locale.ROOT, "%s: %s run: %d jobs, %d SQS requests, %.3f requests/job %s%n",
        subject, run, jobs, r.total(), r.perJob(), delta);
  }

  /** The last run of each kind. */
  Map<String, Run> last() {
    return last;
  }
}
