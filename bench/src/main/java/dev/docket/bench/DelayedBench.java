package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.bench.Percentiles.Summary;
import dev.docket.broker.rabbitmq.RabbitBroker;
import dev.docket.broker.sqs.SqsBroker;
import dev.docket.spi.Redaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delayed-job lateness ({@code bench/run.sh --delayed}): enqueues jobs due at random instants a
 * little ahead, as a user would with {@code EnqueueOptions.eta}, and measures each job's handler
 * start minus its due time on the wall clock (producer and workers share this JVM, so one clock).
 * Reports p50/p95/p99/max lateness and how many started early (which must be none).
 */
final class DelayedBench {

  static final String USAGE = """
      Usage: bench/run.sh --delayed [--name=value ...]
        --uri=URI               broker (default $DOCKET_BROKER_URI, else memory://);
                                sqs://elasticmq starts ElasticMQ embedded
        --jobs=N                delayed jobs (300)
        --min-delay-ms=N        shortest delay (200)
        --max-delay-ms=N        longest delay (4000)
        --workers=N             Docket workers (2)
        --concurrency=N         jobs per worker at once (16)
        --rounds=N              measured rounds, each printed (1)
        --seed=N                seed of the delays (1)
        --json=PATH             JSON result file (bench/results/delayed.json; - for none)
      """;

  /**
   * The delayed job's argument.
   *
   * @param seq the job's number in its round
   * @param dueMicros its due time, microseconds since the epoch
   */
  record Due(int seq, long dueMicros) {}

  private static final TaskType<Due, Void> TASK = TaskType.builder("bench.delayed", Due.class,
      Void.class).retryPolicy(RetryPolicy.none()).build();

  private final Map<String, String> opts;
  private final PrintStream out;

  private DelayedBench(Map<String, String> opts, PrintStream out) {
    this.opts = opts;
    this.out = out;
  }

  /** Runs the lateness measurement with {@code args} (without {@code --delayed}). */
  static void main(String[] args, Map<String, String> env, PrintStream out) throws Exception {
    Map<String, String> v = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("'" + a + "' is not --name=value");
      }
      v.put(a.substring(2, eq), a.substring(eq + 1));
    }
    for (String k : v.keySet()) {
      if (!List.of("uri", "jobs", "min-delay-ms", "max-delay-ms", "workers", "concurrency",
          "rounds", "seed", "json").contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k);
      }
    }
    String envUri = env.getOrDefault("DOCKET_BROKER_URI", "");
    v.putIfAbsent("uri", envUri.isBlank() ? "memory://" : envUri);
    new DelayedBench(v, out).run();
  }

  private int num(String name, int dflt) {
    String raw = opts.get(name);
    int n = raw == null ? dflt : Integer.parseInt(raw.replace("_", ""));
    if (n < 0 || (n == 0 && !name.equals("seed"))) {
      throw new IllegalArgumentException("--" + name + "=" + raw + " must be positive");
    }
    return n;
  }

  private void run() throws Exception {
    String uri = opts.get("uri");
    int jobs = num("jobs", 300);
    int minMs = num("min-delay-ms", 200);
    int maxMs = Math.max(minMs, num("max-delay-ms", 4000));
    int workers = num("workers", 2);
    int concurrency = num("concurrency", 16);
    int rounds = num("rounds", 1);
    Random random = new Random(num("seed", 1));
    out.printf(Locale.ROOT, "Docket delayed-job lateness: %s, %d jobs, delays %d-%d ms, %d"
        + " workers x %d, %d cores%n", shown(uri), jobs, minMs, maxMs, workers,
        concurrency, Runtime.getRuntime().availableProcessors());
    String prefix = "bench-delayed-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    List<Summary> results = new ArrayList<>();
    List<Integer> earlies = new ArrayList<>();
    SqsTarget sqs = uri.startsWith("sqs:") ? SqsTarget.open(uri, out) : null;
    Supplier<Docket> connect = () -> sqs == null ? Docket.connect(uri)
        : Docket.builder().broker(SqsBroker.create(sqs.config())).build();
    try (Docket docket = connect.get()) {
      for (int r = 0; r <= rounds; r++) {
        // Round 0 warms up (connections, JIT, queue declaration) and is not reported.
        int n = r == 0 ? Math.min(jobs, 50) : jobs;
        long[] late = round(docket, prefix + r, n, minMs, maxMs, workers, concurrency, random);
        if (r == 0) {
          continue;
        }
        int early = 0;
        for (long l : late) {
          early += l < 0 ? 1 : 0;
        }
        Summary s = Percentiles.summarize(late);
        results.add(s);
        earlies.add(early);
        out.printf(Locale.ROOT, "round %d: start - due: p50 %s, p95 %s, p99 %s, max %s, min %s;"
            + " early %d of %d%n", r, ms(s.p50()), ms(s.p95()), ms(s.p99()), ms(s.max()),
            ms(min(late)), early, s.count());
      }
    } finally {
      if (sqs != null) {
        sqs.close();
      }
    }
    json(uri, jobs, minMs, maxMs, results, earlies);
  }

  private long[] round(Docket docket, String queue, int jobs, int minMs, int maxMs,
      int workers, int concurrency, Random random) throws Exception {
    long[] late = new long[jobs];
    CountDownLatch done = new CountDownLatch(jobs);
    AtomicInteger next = new AtomicInteger();
    docket.stats(queue); // declares the queue before the clock starts
    List<Worker> running = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      running.add(docket.worker().workerId("bench-delayed-" + w).queues(queue)
          .concurrency(concurrency).handle(TASK, (due, ctx) -> {
            long lateMicros = micros(Instant.now()) - due.dueMicros();
            int i = next.getAndIncrement();
            if (i < late.length) {
              late[i] = lateMicros * 1000;
            }
            done.countDown();
            return null;
          }).start());
    }
    try {
      EnqueueOptions.Builder base = EnqueueOptions.builder().queue(queue);
      for (int i = 0; i < jobs; i++) {
        Instant eta = Instant.now().plusMillis(minMs + random.nextInt(maxMs - minMs + 1));
        docket.enqueue(TASK, new Due(i, micros(eta)), base.eta(eta).build());
      }
      if (!done.await(maxMs + 60_000L, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(done.getCount() + " of " + jobs
            + " delayed jobs had not run a minute after the last was due");
      }
    } finally {
      running.forEach(w -> w.shutdown(Duration.ofSeconds(5)));
      docket.purge(queue);
      // Each round's queue is a dozen AMQP queues (bands, DLQ, delay tiers); leave none behind.
      if (docket.broker() instanceof RabbitBroker rabbit) {
        rabbit.deleteQueue(queue);
      }
    }
    return late;
  }

  private void json(String uri, int jobs, int minMs, int maxMs, List<Summary> results,
      List<Integer> earlies) {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("at", Instant.now().toString());
    root.put("uri", shown(uri));
    root.put("jobs", jobs);
    root.put("minDelayMs", minMs);
    root.put("maxDelayMs", maxMs);
    var arr = root.putArray("rounds");
    for (int i = 0; i < results.size(); i++) {
      Summary s = results.get(i);
      ObjectNode n = arr.addObject();
      n.put("p50Micros", s.p50() / 1000);
      n.put("p95Micros", s.p95() / 1000);
      n.put("p99Micros", s.p99() / 1000);
      n.put("maxMicros", s.max() / 1000);
      n.put("early", earlies.get(i));
    }
    String line = mapper.writeValueAsString(root);
    out.println("BENCH_JSON " + line);
    String target = opts.getOrDefault("json", "bench/results/delayed.json");
    if (!target.equals("-")) {
      Path p = Path.of(target);
      try {
        if (p.getParent() != null) {
          Files.createDirectories(p.getParent());
        }
        Files.writeString(p, line + "\n");
        out.println("wrote " + p);
      } catch (IOException e) {
        out.println("could not write " + p + ": " + e);
      }
    }
  }

  /** The URI without credentials ({@code memory://} has none and does not parse as one). */
  private static String shown(String uri) {
    return uri.startsWith("memory:") ? uri : Redaction.redact(uri);
  }

  private static long micros(Instant t) {
    return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
  }

  private static long min(long[] v) {
    long m = Long.MAX_VALUE;
    for (long x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
