package dev.docket.bench;

import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Server time of each Redis broker script, phase by phase, on a Redis nobody else uses: enqueue
 * in batches of 1 000, reserve in fetches of {@code fetch} (then of 1), ack one at a time and
 * concurrently (50 threads, so acks combine). Per phase: script calls, server µs per call
 * ({@code cmdstat_evalsha} usec / calls), the 10th, 25th and 50th percentile of single calls
 * ({@code SLOWLOG}, which shrugs off the calls a busy machine preempted), and Redis CPU µs per
 * job ({@code INFO cpu}); with {@code SC_DETAIL} set, the commands the scripts ran. It leaves
 * keys behind: point it at a private Redis.
 * Usage: {@code BENCH_MAIN=dev.docket.bench.ScriptCost bench/run.sh redis://host:port [jobs]
 * [fetch] [rounds]}.
 */
public final class ScriptCost {

  private ScriptCost() {}

  private static RedisCost.CommandStat evalsha(Map<String, RedisCost.CommandStat> s) {
    return s.getOrDefault("evalsha", new RedisCost.CommandStat(0, 0));
  }

  private interface Phase {
    void run() throws Exception;
  }

  private static void measure(RedisCommands<String, String> r, String name, int jobs, Phase p)
      throws Exception {
    r.slowlogReset();
    Map<String, RedisCost.CommandStat> sa = RedisCost.commandStats(r);
    RedisCost.CommandStat a = evalsha(sa);
    double c0 = RedisCost.cpuSeconds(r);
    p.run();
    double c1 = RedisCost.cpuSeconds(r);
    Map<String, RedisCost.CommandStat> sb = RedisCost.commandStats(r);
    RedisCost.CommandStat b = evalsha(sb);
    List<Long> durations = new ArrayList<>();
    for (Object e : r.slowlogGet(100_000)) {
      List<?> entry = (List<?>) e;
      List<?> argv = (List<?>) entry.get(3);
      if (!argv.isEmpty() && "evalsha".equalsIgnoreCase(String.valueOf(argv.get(0)))) {
        durations.add((Long) entry.get(2));
      }
    }
    java.util.Collections.sort(durations);
    String pct = durations.isEmpty() ? "" : String.format(Locale.ROOT,
        " slowlog n=%d p10=%d p25=%d p50=%d", durations.size(),
        durations.get(durations.size() / 10), durations.get(durations.size() / 4),
        durations.get(durations.size() / 2));
    long calls = b.calls() - a.calls();
    long usec = b.usec() - a.usec();
    System.out.printf(Locale.ROOT,
        "%-10s jobs=%6d calls=%6d us/call=%8.2f script_us/job=%6.2f cpu_us/job=%6.2f%s%n", name,
        jobs, calls, calls == 0 ? 0 : usec / (double) calls, usec / (double) jobs,
        (c1 - c0) * 1e6 / jobs, pct);
    if (System.getenv("SC_DETAIL") != null) {
      StringBuilder d = new StringBuilder("    ");
      sb.forEach((k, v) -> {
        RedisCost.CommandStat o = sa.getOrDefault(k, new RedisCost.CommandStat(0, 0));
        if (v.calls() > o.calls() && !k.equals("info") && !k.equals("evalsha")) {
          d.append(String.format(Locale.ROOT, "%s %.2f/job %.2fus/job; ", k,
              (v.calls() - o.calls()) / (double) jobs, (v.usec() - o.usec()) / (double) jobs));
        }
      });
      System.out.println(d);
    }
  }

  /** Runs the phases; arguments: the Redis URI, then optionally jobs, fetch size, rounds. */
  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int fetch = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    URI u = URI.create(uri);
    RedisClient client = RedisClient.create("redis://" + u.getHost() + ":" + u.getPort());
    try (StatefulRedisConnection<String, String> conn = client.connect();
        Broker broker = RedisCost.openBroker(uri);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      RedisCommands<String, String> r = conn.sync();
      // Every call goes to SLOWLOG while this runs; the server's settings come back at the end.
      Map<String, String> saved = new HashMap<>();
      saved.putAll(r.configGet("slowlog-log-slower-than"));
      saved.putAll(r.configGet("slowlog-max-len"));
      r.configSet("slowlog-log-slower-than", "0");
      r.configSet("slowlog-max-len", "100000");
      try {
        run(broker, r, pool, jobs, fetch, rounds);
      } finally {
        saved.forEach(r::configSet);
        r.slowlogReset();
      }
    } finally {
      client.shutdown();
    }
  }

  private static void run(Broker broker, RedisCommands<String, String> r, ExecutorService pool,
      int jobs, int fetch, int rounds) throws Exception {
    byte[] body = new byte[120];
    java.util.Arrays.fill(body, (byte) 'x');
    for (int round = 0; round <= rounds; round++) {
      String queue = "sc-" + UUID.randomUUID();
      broker.declareQueue(queue);
      System.out.println(round == 0 ? "-- warm-up" : "-- round " + round);
      measure(r, "enqueue", jobs, () -> RedisCost.publishPings(broker, queue, jobs, body));
      List<Delivery> got = new ArrayList<>();
      int half = jobs / 2;
      measure(r, "reserve" + fetch, half, () -> {
        while (got.size() < half) {
          got.addAll(broker.fetch(FetchRequest.of(queue, Math.min(fetch, half - got.size()),
              Duration.ofSeconds(60), Duration.ZERO)));
        }
      });
      List<Delivery> lone = new ArrayList<>();
      int quarter = jobs / 4;
      measure(r, "reserve1", quarter, () -> {
        while (lone.size() < quarter) {
          lone.addAll(broker.fetch(FetchRequest.of(queue, 1, Duration.ofSeconds(60),
              Duration.ZERO)));
        }
      });
      measure(r, "ack-conc", got.size(), () -> {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
          int from = t;
          fs.add(pool.submit(() -> {
            for (int i = from; i < got.size(); i += 50) {
              broker.ack(got.get(i));
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      });
      measure(r, "ack1", lone.size(), () -> {
        for (Delivery d : lone) {
          broker.ack(d);
        }
      });
      broker.purge(queue);
    }
  }
}
