package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.QueueStats;
import dev.docket.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 1, 2 and 4 worker processes on one Redis: {@code jobs} jobs are queued first, then that many
 * worker JVMs (each one worker of {@code concurrency}, started and waiting) are told to go at
 * once; timed until the queue is empty. Reports jobs/s, the ratio to 1 process and Redis's CPU
 * over the drain (percent of one core: Redis runs commands on one thread, so near 100 % it is
 * saturated). Rounds alternate the order of the process counts. The processes compete with this
 * JVM and with each other for the machine's cores, which the report names.
 *
 * <p>Options: {@code uri}, {@code procs} (1,2,4), {@code jobs} (60000), {@code rounds} (2),
 * {@code concurrency} (16), {@code heap} (384m per worker JVM).
 */
final class Processes {

  private Processes() {}

  static void run(Map<String, String> opts, PrintStream out) throws Exception {
    int[] procs = Curves.nums(opts, "procs", "1,2,4");
    int jobs = Curves.num(opts, "jobs", 60_000);
    int rounds = Curves.num(opts, "rounds", 2);
    int concurrency = Curves.num(opts, "concurrency", 16);
    String heap = opts.getOrDefault("heap", "384m");
    String uri = opts.getOrDefault("uri", "redis://127.0.0.1:6379");
    int n = procs.length;
    double[][] rate = new double[rounds][n];
    double[][] cpu = new double[rounds][n];
    String marker = Curves.marker("procs");
    try (Target t = Target.open(uri, marker, out)) {
      if (t.redis() == null) {
        throw new IllegalArgumentException("the processes curve runs on Redis only");
      }
      out.printf(Locale.ROOT, "%s: %s, processes %s, %d jobs per point, each process 1 worker x"
          + " %d, heap %s, %d rounds%n", t.kind(), t.shown(), Arrays.toString(procs), jobs,
          concurrency, heap, rounds);
      String full = uri + (uri.contains("?") ? "&" : "?") + "keyPrefix=" + marker;
      for (int r = 0; r < rounds; r++) {
        for (int j = 0; j < n; j++) {
          int i = r % 2 == 0 ? j : n - 1 - j;
          String q = t.queue("procs-r" + (r + 1) + "-" + procs[i]);
          Curves.enqueue(t.docket(), q, jobs, 1000);
          List<Process> children = new ArrayList<>();
          try {
            for (int p = 0; p < procs[i]; p++) {
              children.add(spawn(full, q, concurrency, heap, p));
            }
            for (Process c : children) {
              String line = new BufferedReader(new InputStreamReader(c.getInputStream(),
                  StandardCharsets.UTF_8)).readLine();
              if (!"READY".equals(line)) {
                throw new IllegalStateException("worker process said " + line);
              }
            }
            System.gc();
            RedisInfo.Snapshot a = t.redis().snapshot();
            for (Process c : children) {
              Writer w = c.outputWriter(StandardCharsets.UTF_8);
              w.write("go\n");
              w.flush();
            }
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (true) {
              QueueStats s = t.docket().stats(q);
              if (s.ready() + s.inFlight() == 0) {
                break;
              }
              if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s + " after 10 minutes");
              }
              Thread.sleep(20);
            }
            RedisInfo.Snapshot b = t.redis().snapshot();
            rate[r][i] = jobs * 1e9 / (b.nanos() - a.nanos());
            cpu[r][i] = a.cpuPercent(b);
          } finally {
            for (Process c : children) {
              c.outputWriter(StandardCharsets.UTF_8).close(); // EOF: stop
            }
            for (Process c : children) {
              if (!c.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                c.destroyForcibly().waitFor();
              }
            }
            t.drop(q);
          }
          out.printf(Locale.ROOT, "round %d, %d process(es): %,.0f jobs/s; Redis CPU %.0f %% of"
              + " a core; load %s%n", r + 1, procs[i], rate[r][i], cpu[r][i], Curves.loadavg());
        }
      }
    }
    double[] x = Arrays.stream(procs).asDoubleStream().toArray();
    double[] jobsPerSec = Curves.medians(rate);
    double[] ratio = Curves.ratioMedians(rate);
    double[] redisCpu = Curves.medians(cpu);
    List<Chart.Series> series = List.of(new Chart.Series("jobs/s", x, jobsPerSec),
        new Chart.Series("ratio to 1 process", x, ratio),
        new Chart.Series("Redis CPU, % of a core", x, redisCpu));
    Curves.table(out, "processes", "Median of rounds (ratio: median of per-round ratios):\n\n"
        + Chart.markdown("processes", series, 2));
    Chart.categoryPng(Curves.img(opts, "processes"),
        "Worker processes on one Redis: jobs/s relative to 1 process, Redis CPU / 100 %",
        "worker processes", "ratio", List.of(series.get(1), new Chart.Series(
            "Redis CPU (1.0 = one full core)", x,
            Arrays.stream(redisCpu).map(v -> v / 100).toArray())));
    out.println("wrote " + Curves.img(opts, "processes"));
  }

  private static Process spawn(String uri, String queue, int concurrency, String heap, int id)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xms" + heap, "-Xmx" + heap,
        "-cp", System.getProperty("java.class.path"), Curves.class.getName(), "curve=worker",
        "uri=" + uri, "queue=" + queue, "concurrency=" + concurrency, "id=" + id);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    return pb.start();
  }

  /** A worker process: prints READY, starts on "go", stops at end of input. */
  static void child(Map<String, String> opts) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    try (Docket docket = Docket.connect(opts.get("uri"))) {
      String queue = opts.get("queue");
      docket.stats(queue); // connected before the clock starts
      Worker.Builder builder = docket.worker().workerId("curves-proc-" + opts.get("id"))
          .queues(queue).concurrency(Curves.num(opts, "concurrency", 16))
          .handle(Curves.TASK, (job, ctx) -> null);
      System.out.println("READY");
      System.out.flush();
      if (!"go".equals(in.readLine())) {
        return;
      }
      Worker worker = builder.start();
      while (in.readLine() != null) {
        // until the parent closes our input
      }
      worker.shutdown(java.time.Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
