package dev.docket.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Docket on SQS against the raw SDK, interleaved in one JVM: both subjects warm up the same way
 * first, then every round runs each measurement once per subject, the first one alternating
 * between rounds, with a GC before each. {@link Bench} runs all of Docket's measurements, then all
 * of the baseline's, so the baseline runs on a JVM (and an embedded ElasticMQ) that Docket's runs
 * have already compiled, and each subject's runs follow its own clean-up (Docket drains its bulk
 * queue with receives and deletes; the baseline purges): its ratios lean against whichever
 * subject goes first. Besides jobs/s, prints the process CPU (this JVM, ElasticMQ included) per
 * job over each measured part, read from a 10 ms timeline: on a shared machine CPU per job moves
 * much less than throughput.
 *
 * <p>Arguments: rounds, bulk jobs, end-to-end jobs (0 skips them), warm-up jobs. Not a test.
 */
public final class SqsInterleaved {

  private static final int BATCH = 1000;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final CpuTimeline cpu = CpuTimeline.start();
  private final PrintStream out;

  private SqsInterleaved(PrintStream out) {
    this.out = out;
  }

  /** One measurement: jobs/s and process CPU microseconds per job. */
  record Measured(double perSecond, double cpuMicrosPerJob) {}

  /** A measured part of a run: returns jobs/s, counted from its start. */
  @FunctionalInterface
  private interface Part {
    double run() throws Exception;
  }

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int bulkJobs = Integer.parseInt(args[1]);
    int e2eJobs = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    new SqsInterleaved(System.out).run(rounds, bulkJobs, e2eJobs, warmup);
    // ElasticMQ's actor system may hold non-daemon threads (see Bench.main).
    System.out.flush();
    System.exit(0);
  }

  private void run(int rounds, int bulkJobs, int e2eJobs, int warmup) throws Exception {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    String prefix = "il-";
    try (SqsTarget target = SqsTarget.open(SqsTarget.EMBEDDED, out);
        SqsSubject docket = new SqsSubject(target, 2, 16, prefix, quiet);
        RawSqsSubject raw = new RawSqsSubject(target, 2, prefix, quiet)) {
      for (Subject s : List.of(docket, raw, docket, raw)) {
        s.bulkEnqueue(warmup, BATCH);
        if (e2eJobs > 0) {
          s.endToEnd(warmup, BATCH, TIMEOUT);
        }
      }
      for (int r = 1; r <= rounds; r++) {
        List<Subject> order = r % 2 == 1 ? List.of(docket, raw) : List.of(raw, docket);
        List<String> cells = new ArrayList<>();
        for (Subject s : order) {
          Measured m = measure(bulkJobs, () -> s.bulkEnqueue(bulkJobs, BATCH));
          cells.add(cell(s, "bulk", m));
        }
        if (e2eJobs > 0) {
          for (Subject s : order) {
            Measured m = measure(e2eJobs, () -> s.endToEnd(e2eJobs, BATCH, TIMEOUT));
            cells.add(cell(s, "e2e", m));
          }
        }
        out.printf(Locale.ROOT, "%s round %d (%s first): %s%n", LocalTime.now(ZoneOffset.UTC).withNano(0), r,
            order.get(0).name(), String.join(" | ", cells));
      }
    }
  }

  private static String cell(Subject s, String kind, Measured m) {
    return String.format(Locale.ROOT, "%s %s %,.0f jobs/s %.0f us cpu/job", s.name(), kind,
        m.perSecond(), m.cpuMicrosPerJob());
  }

  private Measured measure(int jobs, Part part) throws Exception {
    System.gc();
    Thread.sleep(200);
    long start = System.nanoTime();
    double perSecond = part.run();
    // The part's own rate says where its measured span ended: the clean-up after it is not in.
    long end = start + (long) (jobs / perSecond * 1e9);
    return new Measured(perSecond, (cpu.at(end) - cpu.at(start)) / 1e3 / jobs);
  }

  /** This process's CPU time, sampled every 10 ms by a daemon thread. */
  private static final class CpuTimeline {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<long[]> samples = new ArrayList<>();

    static CpuTimeline start() {
      CpuTimeline t = new CpuTimeline();
      Thread.ofPlatform().daemon().name("cpu-timeline").start(t::sample);
      return t;
    }

    private void sample() {
      while (true) {
        long[] s = {System.nanoTime(), os.getProcessCpuTime()};
        synchronized (samples) {
          samples.add(s);
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** CPU nanoseconds at {@code nanoTime}, interpolated between the samples around it. */
    double at(long nanoTime) throws InterruptedException {
      while (true) {
        synchronized (samples) {
          for (int i = 1; i < samples.size(); i++) {
            long[] a = samples.get(i - 1);
            long[] b = samples.get(i);
            if (b[0] >= nanoTime) {
              return a[1] + (double) (b[1] - a[1]) * (nanoTime - a[0]) / Math.max(1, b[0] - a[0]);
            }
          }
        }
        Thread.sleep(20); // not sampled yet
      }
    }
  }
}
