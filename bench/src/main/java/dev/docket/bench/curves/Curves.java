package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobHandler;
import dev.docket.JobRequest;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cost as work grows (issue 16): each curve measures one kind of growth with every point in the
 * same run, prints every round, reports ratios to the smallest point, and draws a PNG from the
 * measured data. Started by {@code bench/curves.sh curve=NAME key=value ...}:
 *
 * <ul>
 *   <li>{@code backlog}: end-to-end jobs/s with a standing backlog (Redis also: its CPU and
 *       commands per job, and memory) — {@link Backlog}
 *   <li>{@code queues}: one worker serving 1..1000 queues — {@link QueueCount}
 *   <li>{@code delayed}: 100k delayed jobs coming due at once — {@link DelayedBurst}
 *   <li>{@code dlq}: a large dead-letter queue: list, replay by task, purge — {@link DeadLetters}
 *   <li>{@code processes}: 1, 2, 4 worker JVMs on one Redis — {@link Processes}
 * </ul>
 */
public final class Curves {

  /**
   * The job of every curve.
   *
   * @param seq its number
   * @param sentNanos {@link System#nanoTime()} just before it was enqueued (same JVM)
   */
  record Job(int seq, long sentNanos) {}

  /** No retries: a failed job is a bug to see (or, in the DLQ curve, meant to go dead). */
  static final TaskType<Job, Void> TASK = TaskType.builder("bench.curve", Job.class, Void.class)
      .retryPolicy(RetryPolicy.none()).build();

  private Curves() {}

  /**
   * Runs one curve.
   *
   * @param args {@code curve=NAME} and that curve's {@code key=value} options
   * @throws Exception when a run fails
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true"); // PNGs only, no display
    Map<String, String> opts = parse(args);
    String curve = opts.getOrDefault("curve", "");
    PrintStream out = System.out;
    if (curve.equals("worker")) {
      Processes.child(opts);
      return;
    }
    out.printf(Locale.ROOT, "curves: %s at %s, %d cores, Java %s, load average %s%n", curve,
        Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(), loadavg());
    switch (curve) {
      case "backlog" -> Backlog.run(opts, out);
      case "queues" -> QueueCount.run(opts, out);
      case "delayed" -> DelayedBurst.run(opts, out);
      case "dlq" -> DeadLetters.run(opts, out);
      case "processes" -> Processes.run(opts, out);
      default -> {
        System.err.println("curves: curve= must be backlog, queues, delayed, dlq or processes");
        System.exit(2);
      }
    }
    out.printf(Locale.ROOT, "curves: done at %s, load average %s%n", Instant.now(), loadavg());
    out.flush();
    // An embedded ElasticMQ may keep non-daemon threads alive after its (unawaited) stop.
    System.exit(0);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("'" + a + "' is not key=value");
      }
      v.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return v;
  }

  static int num(Map<String, String> opts, String key, int dflt) {
    String raw = opts.get(key);
    return raw == null ? dflt : Integer.parseInt(raw.replace("_", ""));
  }

  /** Whole numbers from a comma-separated option. */
  static int[] nums(Map<String, String> opts, String key, String dflt) {
    return Arrays.stream(opts.getOrDefault(key, dflt).split(",", -1))
        .mapToInt(s -> Integer.parseInt(s.trim().replace("_", ""))).toArray();
  }

  /** A marker unique to this run: names its queues, keys and key prefix. */
  static String marker(String what) {
    return "curves-" + what + "-" + HexFormat.of().toHexDigits(
        ThreadLocalRandom.current().nextInt());
  }

  /** {@code /proc/loadavg}'s first three fields, or "n/a". */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Per point (column), the median over the rounds (rows) of {@code v[round][point]}. */
  static double[] medians(double[][] v) {
    int n = v.length == 0 ? 0 : v[0].length;
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      double[] col = new double[v.length];
      for (int r = 0; r < v.length; r++) {
        col[r] = v[r][i];
      }
      m[i] = median(col);
    }
    return m;
  }

  /**
   * Per point, the median over the rounds of the point's ratio to the round's first point: a
   * round's ratios share its machine state, so they are steadier than a ratio of medians.
   */
  static double[] ratioMedians(double[][] v) {
    double[][] ratios = new double[v.length][];
    for (int r = 0; r < v.length; r++) {
      ratios[r] = new double[v[r].length];
      for (int i = 0; i < v[r].length; i++) {
        ratios[r][i] = v[r][i] / v[r][0];
      }
    }
    return medians(ratios);
  }

  /** The value at rank {@code p} (0..1) of sorted samples, nearest rank. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Enqueues {@code jobs} jobs on {@code queue} in batches of {@code batch}. */
  static void enqueue(Docket docket, String queue, int jobs, int batch) {
    EnqueueOptions options = EnqueueOptions.builder().queue(queue).build();
    for (int sent = 0; sent < jobs; sent += batch) {
      int n = Math.min(batch, jobs - sent);
      List<JobRequest<Job>> requests = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        requests.add(JobRequest.of(TASK, new Job(sent + i, System.nanoTime()), options));
      }
      docket.enqueueAll(requests);
    }
  }

  /** Starts {@code workers} workers of {@code concurrency} on {@code queues}. */
  static List<Worker> start(Docket docket, int workers, int concurrency,
      JobHandler<Job, Void> handler, String... queues) {
    List<Worker> running = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      running.add(docket.worker().workerId("curves-" + w).queues(queues)
          .concurrency(concurrency).handle(TASK, handler).start());
    }
    return running;
  }

  static void stop(List<Worker> workers) {
    workers.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
  }

  /** Writes the Markdown table to {@code bench/results/curves-NAME.md} and prints it. */
  static void table(PrintStream out, String name, String text) {
    out.println();
    out.print(text);
    Path p = Path.of("bench", "results", "curves-" + name + ".md");
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      out.println("wrote " + p);
    } catch (IOException e) {
      out.println("could not write " + p + ": " + e);
    }
  }

  /**
   * Where a PNG goes: {@code img=} (default {@code docs/img}), named {@code bench-NAME.png}, or
   * {@code bench-NAME-TAG.png} with {@code tag=TAG} (e.g. the broker, to keep runs apart).
   */
  static Path img(Map<String, String> opts, String name) {
    String tag = opts.containsKey("tag") ? "-" + opts.get("tag") : "";
    return Path.of(opts.getOrDefault("img", "docs/img"), "bench-" + name + tag + ".png");
  }
}
