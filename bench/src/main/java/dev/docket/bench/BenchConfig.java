package dev.docket.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's settings, from {@code --name=value} arguments; every problem is reported at
 * once.
 *
 * @param uri the broker URI ({@code --uri}, default {@code $DOCKET_BROKER_URI} or {@code
 *     memory://})
 * @param workers Docket workers ({@code --workers}, default 2)
 * @param concurrency jobs per worker at once ({@code --concurrency}, default 16)
 * @param bulkJobs jobs per bulk-enqueue run ({@code --bulk-jobs}, default 200000)
 * @param batch jobs per {@code enqueueAll} call ({@code --batch}, default 1000)
 * @param e2eJobs jobs per end-to-end run ({@code --e2e-jobs}, default 50000)
 * @param repeats measured runs of bulk and end-to-end; the median is reported ({@code
 *     --repeats}, default 3)
 * @param warmupJobs jobs of the warm-up runs, not reported ({@code --warmup-jobs}, default 50000)
 * @param rate jobs per second of the latency run ({@code --rate}, default 1000)
 * @param latencySeconds length of the latency run ({@code --latency-seconds}, default 5)
 * @param warmupSeconds length of the latency warm-up ({@code --warmup-seconds}, default 2)
 * @param timeout longest wait for one run's jobs ({@code --timeout-seconds}, default 120)
 * @param json where the JSON result goes ({@code --json}, default {@code
 *     bench/results/latest.json}; {@code -} for none)
 */
record BenchConfig(
    String uri,
    int workers,
    int concurrency,
    int bulkJobs,
    int batch,
    int e2eJobs,
    int repeats,
    int warmupJobs,
    int rate,
    int latencySeconds,
    int warmupSeconds,
    Duration timeout,
    Path json) {

  static final String USAGE = """
      Usage: bench/run.sh [--name=value ...]
        --uri=URI               broker (default $DOCKET_BROKER_URI, else memory://); with
                                redis://host:port it also reports Redis commands, CPU and
                                memory per job from that server's INFO (use a private Redis);
                                sqs://elasticmq starts ElasticMQ embedded; any sqs:// URI also
                                runs a raw AWS SDK baseline and counts SQS requests per job
        --workers=N             Docket workers (2)
        --concurrency=N         jobs per worker at once (16)
        --bulk-jobs=N           jobs per bulk-enqueue run (200000)
        --batch=N               jobs per enqueueAll call (1000)
        --e2e-jobs=N            jobs per end-to-end run (50000)
        --repeats=N             measured runs of bulk and end-to-end, median reported (3)
        --warmup-jobs=N         jobs per warm-up run (50000)
        --rate=N                jobs/s of the latency run (1000)
        --latency-seconds=N     length of the latency run (5)
        --warmup-seconds=N      length of the latency warm-up (2)
        --timeout-seconds=N     longest wait for one run (120)
        --json=PATH             JSON result file (bench/results/latest.json; - for none)
      """;

  /** Parses arguments; throws {@link IllegalArgumentException} listing every problem. */
  static BenchConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> v = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 3) {
        problems.add("'" + a + "' is not --name=value");
      } else {
        v.put(a.substring(2, eq), a.substring(eq + 1));
      }
    }
    String envUri = env.getOrDefault("DOCKET_BROKER_URI", "");
    String uri = v.getOrDefault("uri", envUri.isBlank() ? "memory://" : envUri);
    v.remove("uri");
    BenchConfig c = new BenchConfig(uri,
        positive(v, "workers", 2, problems),
        positive(v, "concurrency", 16, problems),
        positive(v, "bulk-jobs", 200_000, problems),
        positive(v, "batch", 1000, problems),
        positive(v, "e2e-jobs", 50_000, problems),
        positive(v, "repeats", 3, problems),
        positive(v, "warmup-jobs", 50_000, problems),
        positive(v, "rate", 1000, problems),
        positive(v, "latency-seconds", 5, problems),
        positive(v, "warmup-seconds", 2, problems),
        Duration.ofSeconds(positive(v, "timeout-seconds", 120, problems)),
        json(v.remove("json")));
    v.keySet().forEach(k -> problems.add("unknown option --" + k));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return c;
  }

  private static int positive(Map<String, String> v, String name, int dflt,
      List<String> problems) {
    String raw = v.remove(name);
    if (raw == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(raw.replace("_", ""));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("--" + name + "=" + raw + " is not a positive whole number");
    return dflt;
  }

  private static Path json(String raw) {
    if (raw == null) {
      return Path.of("bench", "results", "latest.json");
    }
    return raw.equals("-") ? null : Path.of(raw);
  }

  /** Whether the raw in-process baseline is comparable: only for the in-process broker. */
  boolean baselineMeaningful() {
    return uri.startsWith("memory:");
  }
}
