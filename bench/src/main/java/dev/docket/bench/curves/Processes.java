package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * 1, 2 and 4 worker processes on one broker: {@code jobs} jobs are queued first, then that many
 * worker JVMs (each one worker of {@code concurrency}, started and waiting) are told to go at
 * once; timed until they have run every job (each process reports its count: on RabbitMQ the
 * queue looks empty while deliveries wait prefetched in the workers). Reports jobs/s, the ratio
 * to 1 process and the broker's CPU over the drain as a share of one core, where it can be read:
 * Redis's own (it runs commands on one thread, so near 100 % it is saturated), a RabbitMQ node's
 * Erlang VM ({@code broker-pid=}, see {@link BrokerCost}), or on {@code sqs://elasticmq} this
 * JVM's, which is the embedded ElasticMQ plus this process's polling of the workers' counts.
 * Rounds alternate the order of the process counts. The processes compete with this JVM and with
 * each other for the machine's cores, which the report names.
 *
 * <p>Options: {@code uri}, {@code procs} (1,2,4), {@code jobs} (60000), {@code rounds} (2),
 * {@code concurrency} (16), {@code heap} (384m per worker JVM), {@code broker-pid}, {@code tag}.
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
    String cpuName = "broker CPU";
    try (Target t = Target.open(uri, marker, out)) {
      Supplier<Double> cpuSeconds = cpuReader(t, opts);
      cpuName = t.kind().equals("redis") ? "Redis CPU" : t.kind().equals("rabbitmq")
          ? "RabbitMQ node CPU" : "ElasticMQ (bench JVM) CPU";
      out.printf(Locale.ROOT, "%s: %s, processes %s, %d jobs per point, each process 1 worker x"
          + " %d, heap %s, %d rounds%n", t.kind(), t.shown(), Arrays.toString(procs), jobs,
          concurrency, heap, rounds);
      for (int r = 0; r < rounds; r++) {
        for (int j = 0; j < n; j++) {
          int i = r % 2 == 0 ? j : n - 1 - j;
          String q = t.queue("procs-r" + (r + 1) + "-" + procs[i]);
          Curves.enqueue(t.docket(), q, jobs, 1000);
          List<Child> children = new ArrayList<>();
          try {
            for (int p = 0; p < procs[i]; p++) {
              children.add(new Child(spawn(t.clientUri(), q, concurrency, heap, p)));
            }
            for (Child c : children) {
              String line = c.in.readLine();
              if (!"READY".equals(line)) {
                throw new IllegalStateException("worker process said " + line);
              }
            }
            System.gc();
            long start = System.nanoTime();
            double cpu0 = cpuSeconds.get();
            for (Child c : children) {
              c.say("go");
            }
            long deadline = start + 600_000_000_000L;
            long ran = 0;
            while (ran < jobs) {
              if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ran + " of " + jobs + " jobs ran in 10 minutes");
              }
              Thread.sleep(20);
              ran = 0;
              for (Child c : children) {
                ran += c.count();
              }
            }
            long nanos = System.nanoTime() - start;
            rate[r][i] = jobs * 1e9 / nanos;
            cpu[r][i] = (cpuSeconds.get() - cpu0) * 1e11 / nanos;
          } finally {
            for (Child c : children) {
              c.w.close(); // EOF: stop
            }
            for (Child c : children) {
              if (!c.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                c.process.destroyForcibly().waitFor();
              }
            }
            t.drop(q);
          }
          out.printf(Locale.ROOT, "round %d, %d process(es): %,.0f jobs/s; %s %.0f %% of"
              + " a core; load %s%n", r + 1, procs[i], rate[r][i], cpuName, cpu[r][i],
              Curves.loadavg());
        }
      }
    }
    double[] x = Arrays.stream(procs).asDoubleStream().toArray();
    double[] jobsPerSec = Curves.medians(rate);
    double[] ratio = Curves.ratioMedians(rate);
    double[] brokerCpu = Curves.medians(cpu);
    List<Chart.Series> series = List.of(new Chart.Series("jobs/s", x, jobsPerSec),
        new Chart.Series("ratio to 1 process", x, ratio),
        new Chart.Series(cpuName + ", % of a core", x, brokerCpu));
    Curves.table(out, "processes" + (opts.containsKey("tag") ? "-" + opts.get("tag") : ""), "Median of rounds (ratio: median of per-round ratios):\n\n"
        + Chart.markdown("processes", series, 2));
    Chart.categoryPng(Curves.img(opts, "processes"),
        "Worker processes on one broker: jobs/s relative to 1 process, " + cpuName + " / 100 %",
        "worker processes", "ratio", List.of(series.get(1), new Chart.Series(
            cpuName + " (1.0 = one full core)", x,
            Arrays.stream(brokerCpu).map(v -> v / 100).toArray())));
    out.println("wrote " + Curves.img(opts, "processes"));
  }

  /** A worker process and its two pipes. */
  private static final class Child {
    final Process process;
    final BufferedReader in;
    final Writer w;

    Child(Process process) {
      this.process = process;
      this.in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      this.w = process.outputWriter(StandardCharsets.UTF_8);
    }

    void say(String line) throws IOException {
      w.write(line + "\n");
      w.flush();
    }

    /** The jobs this process has run so far. */
    long count() throws IOException {
      say("count");
      String line = in.readLine();
      if (line == null) {
        throw new IllegalStateException("worker process ended (alive: " + process.isAlive()
            + ")");
      }
      return Long.parseLong(line.trim());
    }
  }

  /** Seconds of CPU the broker has used so far, or NaN where it cannot be read. */
  private static Supplier<Double> cpuReader(Target t, Map<String, String> opts) {
    RedisInfo redis = t.redis();
    if (redis != null) {
      return () -> redis.snapshot().cpuSeconds();
    }
    if (t.kind().equals("sqs")) {
      // ElasticMQ runs in this JVM: its CPU is this process's, with the count polling.
      return () -> ProcessHandle.current().info().totalCpuDuration()
          .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
    BrokerCost cost = BrokerCost.of(t, opts); // RabbitMQ: the node's VM with broker-pid=
    return () -> cost.sample().cpuSeconds();
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
          .queues(queue).concurrency(Curves.num(opts, "concurrency", 16));
      System.out.println("READY");
      System.out.flush();
      if (!"go".equals(in.readLine())) {
        return;
      }
      AtomicLong ran = new AtomicLong();
      Worker worker = builder.handle(Curves.TASK, (job, ctx) -> {
        ran.incrementAndGet();
        return null;
      }).start();
      String line;
      while ((line = in.readLine()) != null) { // until the parent closes our input
        if (line.equals("count")) {
          System.out.println(ran.get());
          System.out.flush();
        }
      }
      worker.shutdown(java.time.Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
