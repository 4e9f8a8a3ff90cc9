package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.bench.Percentiles.Summary;
import dev.docket.spi.Redaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark harness: for one broker URI, measures bulk enqueue rate, end-to-end jobs/s and
 * enqueue→start latency at a steady rate, after warm-up; on {@code memory://} it runs the same
 * measurements on a raw {@code LinkedBlockingQueue} baseline and reports the ratios. Prints a
 * table, a {@code BENCH_JSON} line, and writes the JSON to a file. Not a test: run it with {@code
 * bench/run.sh}.
 */
public final class Bench {

  /**
   * Measured figures of one subject.
   *
   * @param name the subject
   * @param bulk jobs/s of each measured bulk run
   * @param endToEnd jobs/s of each measured end-to-end run
   * @param latency enqueue→start latency of the steady-rate run
   * @param achievedRate the send rate the latency run reached
   */
  record Result(String name, double[] bulk, double[] endToEnd, Summary latency,
      double achievedRate) {}

  private final BenchConfig config;
  private final PrintStream out;

  Bench(BenchConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Runs the benchmark; {@code --help} prints the options. */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--delayed")) {
      delayed(args);
      return;
    }
    if (List.of(args).contains("--help")) {
      System.out.print(BenchConfig.USAGE);
      return;
    }
    BenchConfig config;
    try {
      config = BenchConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchConfig.USAGE);
      System.exit(2);
      return;
    }
    new Bench(config, System.out).run();
    // Everything is printed and closed; an embedded ElasticMQ's actor system may still hold
    // non-daemon threads (its stop is not awaited), which would keep the JVM alive.
    System.out.flush();
    System.exit(0);
  }

  /** The delayed-job lateness mode: see {@link DelayedBench}. */
  private static void delayed(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    rest.remove("--delayed");
    if (rest.contains("--help")) {
      System.out.print(DelayedBench.USAGE);
      return;
    }
    try {
      DelayedBench.main(rest.toArray(String[]::new), System.getenv(), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(DelayedBench.USAGE);
      System.exit(2);
    }
    System.out.flush();
    System.exit(0);
  }

  void run() throws Exception {
    out.printf(Locale.ROOT, "Docket benchmark: %s, %d cores, Java %s, %d workers x %d%n",
        Redaction.redact(config.uri()), Runtime.getRuntime().availableProcessors(),
        Runtime.version(), config.workers(), config.concurrency());
    String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
        + "-";
    List<Result> results = new ArrayList<>();
    SqsSubject sqs = null;
    RawSqsSubject rawSqs = null;
    if (config.uri().startsWith("sqs:")) {
      try (SqsTarget target = SqsTarget.open(config.uri(), out)) {
        try (SqsSubject s = new SqsSubject(target, config.workers(), config.concurrency(),
            prefix, out)) {
          sqs = s;
          results.add(measure(s));
        }
        try (RawSqsSubject raw = new RawSqsSubject(target, config.workers(), prefix, out)) {
          rawSqs = raw;
          results.add(measure(raw));
        }
      }
    } else {
      try (Subject docket = new DocketSubject(Docket.connect(config.uri()), config.workers(),
          config.concurrency(), prefix)) {
        results.add(measure(docket));
      }
    }
    if (config.baselineMeaningful()) {
      try (Subject baseline = new BaselineSubject(config.workers() * config.concurrency())) {
        results.add(measure(baseline));
      }
    }
    RedisCost.Cost redisCost = null;
    double[] memory = null;
    if (RedisCost.applies(config.uri())) {
      // Measured apart from the timed runs: one more end-to-end run between INFO snapshots.
      try (RedisCost cost = new RedisCost(config.uri());
          Subject docket = new DocketSubject(Docket.connect(config.uri()), config.workers(),
              config.concurrency(), prefix + "cost-")) {
        RedisCost.Snapshot before = cost.snapshot();
        docket.endToEnd(config.e2eJobs(), config.batch(), config.timeout());
        redisCost = RedisCost.between(before, cost.snapshot(), config.e2eJobs());
        RedisCost.print(out, "end-to-end (enqueue, fetch, ack)", redisCost);
        memory = new double[] {cost.memoryPerJob(20_000, 1024, prefix),
            cost.memoryPerJob(20_000, 0, prefix)};
        out.printf(Locale.ROOT, "redis memory per queued job: %.0f bytes (1 KiB body), %.0f"
            + " bytes (empty body)%n", memory[0], memory[1]);
      }
    }
    out.println();
    out.print(table(results));
    ObjectNode json = json(results);
    if (sqs != null && rawSqs != null) {
      ObjectNode requests = json.putObject("sqsRequestsPerJob");
      requests(requests.putObject("docket"), sqs.requests());
      requests(requests.putObject("baseline"), rawSqs.requests());
    }
    if (redisCost != null && memory != null) {
      ObjectNode r = json.putObject("redis");
      r.put("commandsPerJob", round3(redisCost.commandsPerJob()));
      r.put("cpuMicrosPerJob", round3(redisCost.cpuMicrosPerJob()));
      r.put("memoryBytesPerJob1KiB", Math.round(memory[0]));
      r.put("memoryBytesPerJobEmpty", Math.round(memory[1]));
    }
    String line = JsonMapper.builder().build().writeValueAsString(json);
    out.println();
    out.println("BENCH_JSON " + line);
    if (config.json() != null) {
      try {
        if (config.json().getParent() != null) {
          Files.createDirectories(config.json().getParent());
        }
        Files.writeString(config.json(), line + "\n");
        out.println("wrote " + config.json());
      } catch (IOException e) {
        out.println("could not write " + config.json() + ": " + e);
      }
    }
  }

  private static void requests(ObjectNode node, RequestLog log) {
    log.last().forEach((run, r) -> {
      ObjectNode n = node.putObject(run);
      n.put("jobs", r.jobs());
      n.put("requests", r.total());
      n.put("perJob", round3(r.perJob()));
      ObjectNode ops = n.putObject("byOperation");
      r.byOperation().forEach(ops::put);
    });
  }

  private Result measure(Subject s) throws Exception {
    Duration timeout = config.timeout();
    out.printf("%s: warm-up%n", s.name());
    s.bulkEnqueue(config.warmupJobs(), config.batch());
    s.endToEnd(config.warmupJobs(), config.batch(), timeout);
    s.latency(config.rate() * config.warmupSeconds(), config.rate(), timeout);

    double[] bulk = new double[config.repeats()];
    double[] e2e = new double[config.repeats()];
    for (int r = 0; r < config.repeats(); r++) {
      settle();
      bulk[r] = s.bulkEnqueue(config.bulkJobs(), config.batch());
      settle();
      e2e[r] = s.endToEnd(config.e2eJobs(), config.batch(), timeout);
      out.printf(Locale.ROOT, "%s: run %d: bulk enqueue %,.0f jobs/s, end-to-end %,.0f jobs/s%n",
          s.name(), r + 1, bulk[r], e2e[r]);
    }
    settle();
    int jobs = config.rate() * config.latencySeconds();
    Subject.LatencyRun run = s.latency(jobs, config.rate(), timeout);
    Summary latency = Percentiles.summarize(run.nanos());
    out.printf(Locale.ROOT, "%s: latency at %d jobs/s: p50 %s, p95 %s, p99 %s%n", s.name(),
        config.rate(), micros(latency.p50()), micros(latency.p95()), micros(latency.p99()));
    return new Result(s.name(), bulk, e2e, latency, run.sentPerSecond());
  }

  /** Lets the previous run's garbage go before the next measurement. */
  private static void settle() {
    System.gc();
  }

  String table(List<Result> results) {
    Result d = results.get(0);
    Result b = results.size() > 1 ? results.get(1) : null;
    StringBuilder sb = new StringBuilder();
    String fmt = "%-34s %16s %22s %12s%n";
    sb.append(String.format(Locale.ROOT, fmt, "metric", d.name(),
        b == null ? "baseline" : b.name(), "ratio"));
    sb.append(String.format(Locale.ROOT, fmt, "-".repeat(34), "-".repeat(16), "-".repeat(22),
        "-".repeat(12)));
    row(sb, fmt, "bulk enqueue (jobs/s, median)", Percentiles.median(d.bulk()),
        b == null ? null : Percentiles.median(b.bulk()));
    row(sb, fmt, "end-to-end (jobs/s, median)", Percentiles.median(d.endToEnd()),
        b == null ? null : Percentiles.median(b.endToEnd()));
    String at = " at " + config.rate() + "/s";
    row(sb, fmt, "enqueue->start p50 (us)" + at, d.latency().p50() / 1e3,
        b == null ? null : b.latency().p50() / 1e3);
    row(sb, fmt, "enqueue->start p95 (us)" + at, d.latency().p95() / 1e3,
        b == null ? null : b.latency().p95() / 1e3);
    row(sb, fmt, "enqueue->start p99 (us)" + at, d.latency().p99() / 1e3,
        b == null ? null : b.latency().p99() / 1e3);
    row(sb, fmt, "enqueue->start max (us)" + at, d.latency().max() / 1e3,
        b == null ? null : b.latency().max() / 1e3);
    sb.append("ratio = docket / baseline: below 1 for throughput and above 1 for latency means"
        + " slower than the baseline\n");
    return sb.toString();
  }

  private static void row(StringBuilder sb, String fmt, String metric, double docket,
      Double baseline) {
    String number = "%,.0f";
    sb.append(String.format(Locale.ROOT, fmt, metric,
        String.format(Locale.ROOT, number, docket),
        baseline == null ? "n/a" : String.format(Locale.ROOT, number, baseline),
        baseline == null ? "n/a" : String.format(Locale.ROOT, "%.3f", docket / baseline)));
  }

  private ObjectNode json(List<Result> results) {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("at", Instant.now().toString());
    root.put("uri", Redaction.redact(config.uri()));
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", Runtime.version().toString());
    ObjectNode cfg = root.putObject("config");
    cfg.put("workers", config.workers());
    cfg.put("concurrency", config.concurrency());
    cfg.put("bulkJobs", config.bulkJobs());
    cfg.put("batch", config.batch());
    cfg.put("e2eJobs", config.e2eJobs());
    cfg.put("repeats", config.repeats());
    cfg.put("warmupJobs", config.warmupJobs());
    cfg.put("latencyRate", config.rate());
    cfg.put("latencySeconds", config.latencySeconds());
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      ObjectNode n = root.putObject(i == 0 ? "docket" : "baseline");
      n.put("name", r.name());
      n.put("bulkEnqueuePerSec", Math.round(Percentiles.median(r.bulk())));
      n.put("endToEndPerSec", Math.round(Percentiles.median(r.endToEnd())));
      n.put("latencyAchievedRate", Math.round(r.achievedRate()));
      ObjectNode lat = n.putObject("latencyMicros");
      lat.put("count", r.latency().count());
      lat.put("p50", r.latency().p50() / 1000);
      lat.put("p95", r.latency().p95() / 1000);
      lat.put("p99", r.latency().p99() / 1000);
      lat.put("max", r.latency().max() / 1000);
    }
    if (results.size() > 1) {
      Result d = results.get(0);
      Result b = results.get(1);
      ObjectNode ratios = root.putObject("ratiosDocketToBaseline");
      ratios.put("bulkEnqueue", round3(Percentiles.median(d.bulk())
          / Percentiles.median(b.bulk())));
      ratios.put("endToEnd", round3(Percentiles.median(d.endToEnd())
          / Percentiles.median(b.endToEnd())));
      ratios.put("latencyP50", round3((double) d.latency().p50() / b.latency().p50()));
      ratios.put("latencyP99", round3((double) d.latency().p99() / b.latency().p99()));
    }
    return root;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%,.0f us", nanos / 1e3);
  }
}
