package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.Worker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end jobs/s with a standing backlog: the queue is first filled to the level (nobody
 * consuming), then the workers start while the producer enqueues {@code jobs} more; timed from the
 * first of those enqueues until the workers have run {@code jobs} jobs (the oldest first, so the
 * backlog stays at its level). Levels go up within a round on one queue (topped up with what is
 * missing); each round starts on a fresh queue. On Redis it also reads the server's CPU and
 * commands per job over the timed part, and {@code used_memory} at each level (a private Redis:
 * {@code uris=redis://127.0.0.1:6460}).
 *
 * <p>Options: {@code uris} (comma-separated), {@code levels.KIND} ({@code KIND} = redis, rabbitmq,
 * sqs; default 0,10000,100000), {@code jobs.KIND} (redis 20000, rabbitmq 10000, sqs 3000), {@code
 * rounds} (2; {@code rounds.KIND} for one broker), {@code workers} (1), {@code concurrency}
 * (32), {@code batch} (500).
 */
final class Backlog {

  /** Medians of one broker's points. */
  record Point(double level, double jobsPerSec, double ratio, double cpuMicrosPerJob,
      double commandsPerJob, double memoryMiB) {}

  private Backlog() {}

  static void run(Map<String, String> opts, PrintStream out) throws Exception {
    String[] uris = opts.getOrDefault("uris", "redis://127.0.0.1:6379").split(",", -1);
    List<Chart.Series> ratios = new ArrayList<>();
    List<Chart.Series> rates = new ArrayList<>();
    List<Chart.Series> redisCost = new ArrayList<>();
    List<Chart.Series> redisMemory = new ArrayList<>();
    for (String uri : uris) {
      try (Target t = Target.open(uri.trim(), Curves.marker("backlog"), out)) {
        String k = t.kind();
        int[] levels = Curves.nums(opts, "levels." + k, "0,10000,100000");
        int jobs = Curves.num(opts, "jobs." + k,
            k.equals("redis") ? 20_000 : k.equals("rabbitmq") ? 10_000 : 3_000);
        int rounds = Curves.num(opts, "rounds." + k, Curves.num(opts, "rounds", 2));
        List<Point> points = broker(t, levels, jobs, rounds, opts, out);
        double[] x = points.stream().mapToDouble(Point::level).toArray();
        ratios.add(new Chart.Series(k, x, points.stream().mapToDouble(Point::ratio).toArray()));
        rates.add(new Chart.Series(k + " jobs/s", x,
            points.stream().mapToDouble(Point::jobsPerSec).toArray()));
        if (t.redis() != null) {
          redisCost.add(new Chart.Series("Redis CPU, us/job", x,
              points.stream().mapToDouble(Point::cpuMicrosPerJob).toArray()));
          redisCost.add(new Chart.Series("Redis commands/job", x,
              points.stream().mapToDouble(Point::commandsPerJob).toArray()));
          redisMemory.add(new Chart.Series("Redis used_memory, MiB", x,
              points.stream().mapToDouble(Point::memoryMiB).toArray()));
        }
      }
    }
    StringBuilder md = new StringBuilder("End-to-end jobs/s (median of rounds):\n\n")
        .append(Chart.markdown("backlog", rates, 0))
        .append("\nRatio to the same broker's 0-backlog point (median of per-round ratios):\n\n")
        .append(Chart.markdown("backlog", ratios, 2));
    if (!redisCost.isEmpty()) {
      List<Chart.Series> redis = new ArrayList<>(redisCost);
      redis.addAll(redisMemory);
      md.append("\nRedis, over the timed part (median of rounds):\n\n")
          .append(Chart.markdown("backlog", redis, 1));
      Chart.categoryPng(Curves.img(opts, "backlog-redis-cost"),
          "Redis cost per job vs standing backlog", "standing backlog (jobs)", "per job",
          redisCost);
      Chart.categoryPng(Curves.img(opts, "backlog-redis-memory"),
          "Redis used_memory vs standing backlog", "standing backlog (jobs)", "MiB", redisMemory);
    }
    Curves.table(out, "backlog", md.toString());
    Chart.categoryPng(Curves.img(opts, "backlog"),
        "End-to-end jobs/s vs standing backlog (ratio to 0 backlog)",
        "standing backlog (jobs)", "jobs/s relative to 0 backlog", ratios);
    out.println("wrote " + Curves.img(opts, "backlog"));
  }

  private static List<Point> broker(Target t, int[] levels, int jobs, int rounds,
      Map<String, String> opts, PrintStream out) throws Exception {
    int workers = Curves.num(opts, "workers", 1);
    int concurrency = Curves.num(opts, "concurrency", 32);
    int batch = Curves.num(opts, "batch", 500);
    out.printf(Locale.ROOT, "%s: %s, levels %s, %d jobs per point, %d rounds, %d worker(s) x %d%n",
        t.kind(), t.shown(), java.util.Arrays.toString(levels), jobs, rounds, workers,
        concurrency);
    Docket docket = t.docket();
    String warm = t.queue("backlog-warmup");
    measure(t, warm, jobs, workers, concurrency, batch); // JIT, connections; not reported
    t.drop(warm);
    double[][] rate = new double[rounds][levels.length];
    double[][] cpu = new double[rounds][levels.length];
    double[][] cmds = new double[rounds][levels.length];
    double[][] mem = new double[rounds][levels.length];
    for (int r = 0; r < rounds; r++) {
      String q = t.queue("backlog-" + (r + 1));
      docket.stats(q); // declares it
      RedisInfo redis = t.redis();
      long base = redis == null ? 0 : redis.usedMemory();
      for (int i = 0; i < levels.length; i++) {
        long have = docket.stats(q).ready();
        long topUpStart = System.nanoTime();
        if (have < levels[i]) {
          Curves.enqueue(docket, q, (int) (levels[i] - have), 1000);
        }
        double fillSec = (System.nanoTime() - topUpStart) / 1e9;
        System.gc();
        RedisInfo.Snapshot before = redis == null ? null : redis.snapshot();
        rate[r][i] = measure(t, q, jobs, workers, concurrency, batch);
        RedisInfo.Snapshot after = redis == null ? null : redis.snapshot();
        long standing = docket.stats(q).ready();
        cpu[r][i] = before == null ? Double.NaN : before.cpuMicrosPerJob(after, jobs);
        cmds[r][i] = before == null ? Double.NaN : before.commandsPerJob(after, jobs);
        mem[r][i] = before == null ? Double.NaN : (before.usedMemory() - base) / 1048576.0;
        out.printf(Locale.ROOT, "%s round %d backlog %s: %,.0f jobs/s (%.2f of 0 backlog);"
            + " Redis %s us CPU/job, %s commands/job, %s MiB; top-up %.1f s, %,d ready after;"
            + " load %s%n", t.kind(), r + 1, Chart.label(levels[i]), rate[r][i],
            rate[r][i] / rate[r][0], Chart.cell(cpu[r][i], 1), Chart.cell(cmds[r][i], 2),
            Chart.cell(mem[r][i], 1), fillSec, standing, Curves.loadavg());
      }
      t.drop(q);
    }
    double[] rt = Curves.medians(rate);
    double[] ratio = Curves.ratioMedians(rate);
    double[] c = Curves.medians(cpu);
    double[] m = Curves.medians(cmds);
    double[] mm = Curves.medians(mem);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < levels.length; i++) {
      points.add(new Point(levels[i], rt[i], ratio[i], c[i], m[i], mm[i]));
    }
    return points;
  }

  /** Jobs/s of {@code jobs} jobs run from {@code queue} while as many are enqueued. */
  static double measure(Target t, String queue, int jobs, int workers, int concurrency,
      int batch) throws Exception {
    CountDownLatch done = new CountDownLatch(jobs);
    List<Worker> running = Curves.start(t.docket(), workers, concurrency, (job, ctx) -> {
      done.countDown();
      return null;
    }, queue);
    try {
      long start = System.nanoTime();
      Curves.enqueue(t.docket(), queue, jobs, batch);
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(done.getCount() + " of " + jobs + " jobs had not run"
            + " after 5 minutes on " + queue);
      }
      return jobs * 1e9 / (System.nanoTime() - start);
    } finally {
      Curves.stop(running);
    }
  }
}
