package dev.docket.bench.curves;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.Worker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker serving 1, 10, 100, 1000 queues: end-to-end jobs/s with the jobs spread round-robin
 * over all of them; enqueue→start latency at a steady low rate (also round-robin); the broker's
 * cost per job and while the worker sits idle on all the queues (the cost of polling them), where
 * {@link BrokerCost} can read it: Redis CPU and commands, a private RabbitMQ node's CPU ({@code
 * broker-pid=}), SQS requests. Rounds alternate the order of the counts; each point runs on a
 * client of its own (Target closes it and deletes its keys and queues); the time to declare the
 * point's queues and to clean them up is printed.
 *
 * <p>Options: {@code uri}, {@code counts} (1,10,100,1000), {@code jobs} (20000), {@code rate}
 * (200 jobs/s), {@code latency-seconds} (5), {@code idle-seconds} (3), {@code rounds} (2), {@code
 * concurrency} (32), {@code timeout-seconds} (300, per e2e run and per latency run), {@code
 * broker-pid} (RabbitMQ: the node's beam.smp), {@code tag} (names the PNGs and the table).
 */
final class QueueCount {

  private QueueCount() {}

  static void run(Map<String, String> opts, PrintStream out) throws Exception {
    int[] counts = Curves.nums(opts, "counts", "1,10,100,1000");
    int jobs = Curves.num(opts, "jobs", 20_000);
    int rate = Curves.num(opts, "rate", 200);
    int latencySeconds = Curves.num(opts, "latency-seconds", 5);
    int idleSeconds = Curves.num(opts, "idle-seconds", 3);
    int rounds = Curves.num(opts, "rounds", 2);
    int concurrency = Curves.num(opts, "concurrency", 32);
    int timeoutSeconds = Curves.num(opts, "timeout-seconds", 300);
    int n = counts.length;
    double[][] e2e = new double[rounds][n];
    double[][] p50 = new double[rounds][n];
    double[][] p99 = new double[rounds][n];
    double[][] cpu = new double[rounds][n];
    double[][] cmds = new double[rounds][n];
    double[][] idleCmds = new double[rounds][n];
    double[][] idleCpu = new double[rounds][n];
    for (double[][] a : List.of(cpu, cmds, idleCmds, idleCpu)) {
      for (double[] row : a) {
        Arrays.fill(row, Double.NaN);
      }
    }
    String uri = opts.getOrDefault("uri", "redis://127.0.0.1:6379");
    // Warm-up on one queue (JIT, connections), not reported; its client is closed before the
    // first point, and every point gets a client of its own: a client keeps costing Redis for
    // each queue it has fetched from (the owner heartbeat), which must not leak into the next.
    try (Target t = Target.open(uri, Curves.marker("queues"), out)) {
      out.printf(Locale.ROOT, "%s: %s, counts %s, %d jobs per e2e run, latency %d jobs/s for %d"
          + " s, 1 worker x %d, %d rounds, a fresh client per point%n", t.kind(), t.shown(),
          Arrays.toString(counts), jobs, rate, latencySeconds, concurrency, rounds);
      e2e(t, queues(t, "warm", 1), jobs, concurrency, timeoutSeconds);
    }
    String cpuName = "broker CPU";
    String opsName = "broker operations";
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < n; j++) {
        int i = r % 2 == 0 ? j : n - 1 - j;
        Target t = Target.open(uri, Curves.marker("queues"), out);
        try {
          long declareStart = System.nanoTime();
          String[] qs = queues(t, "r" + (r + 1) + "-" + counts[i], counts[i]);
          double declareSeconds = (System.nanoTime() - declareStart) / 1e9;
          BrokerCost broker = BrokerCost.of(t, opts);
          cpuName = Objects.requireNonNullElse(broker.cpuName(), cpuName);
          opsName = Objects.requireNonNullElse(broker.opsName(), opsName);
          System.gc();
          BrokerCost.Sample a = broker.sample();
          e2e[r][i] = e2e(t, qs, jobs, concurrency, timeoutSeconds);
          BrokerCost.Sample b = broker.sample();
          cpu[r][i] = a.cpuMicrosPerJob(b, jobs);
          cmds[r][i] = a.opsPerJob(b, jobs);
          long[] lat = latency(t, qs, rate, latencySeconds, concurrency, timeoutSeconds);
          p50[r][i] = Curves.percentile(lat, 0.50) / 1e3;
          p99[r][i] = Curves.percentile(lat, 0.99) / 1e3;
          if (broker.cpuName() != null || broker.opsName() != null) {
            List<Worker> idle = Curves.start(t.docket(), 1, concurrency, (job, ctx) -> null, qs);
            try {
              Thread.sleep(1000); // past the start-up fetches
              BrokerCost.Sample c = broker.sample();
              Thread.sleep(idleSeconds * 1000L);
              BrokerCost.Sample d = broker.sample();
              idleCmds[r][i] = c.opsPerSecond(d);
              idleCpu[r][i] = c.cpuPercent(d);
            } finally {
              Curves.stop(idle);
            }
          }
          out.printf(Locale.ROOT, "%s round %d, %d queues: e2e %,.0f jobs/s; latency p50 %,.0f"
              + " us, p99 %,.0f us; %s %s us/job, %s %s/job; idle: %s %s/s, %s %% CPU;"
              + " declare %.1f s; load %s%n", t.kind(), r + 1, counts[i], e2e[r][i], p50[r][i],
              p99[r][i], cpuName, Chart.cell(cpu[r][i], 1), opsName, Chart.cell(cmds[r][i], 2),
              opsName, Chart.cell(idleCmds[r][i], 1), Chart.cell(idleCpu[r][i], 1),
              declareSeconds, Curves.loadavg());
        } finally {
          long cleanStart = System.nanoTime();
          t.close();
          out.printf(Locale.ROOT, "cleanup took %.1f s%n", (System.nanoTime() - cleanStart) / 1e9);
        }
      }
    }
    double[] x = Arrays.stream(counts).asDoubleStream().toArray();
    double[] ratio = Curves.ratioMedians(e2e);
    List<Chart.Series> throughput = List.of(
        new Chart.Series("e2e jobs/s", x, Curves.medians(e2e)),
        new Chart.Series("ratio to 1 queue", x, ratio));
    List<Chart.Series> latency = List.of(
        new Chart.Series("enqueue->start p50, us", x, Curves.medians(p50)),
        new Chart.Series("enqueue->start p99, us", x, Curves.medians(p99)));
    List<Chart.Series> cost = List.of(
        new Chart.Series(cpuName + " us/job", x, Curves.medians(cpu)),
        new Chart.Series(opsName + "/job", x, Curves.medians(cmds)),
        new Chart.Series("idle " + opsName + "/s", x, Curves.medians(idleCmds)),
        new Chart.Series("idle " + cpuName + " %", x, Curves.medians(idleCpu)));
    String md = "Throughput (median of rounds; ratio = median of per-round ratios):\n\n"
        + Chart.markdown("queues", throughput, 2)
        + "\nLatency at " + rate + " jobs/s (median of rounds):\n\n"
        + Chart.markdown("queues", latency, 0)
        + "\nBroker (median of rounds):\n\n" + Chart.markdown("queues", cost, 1);
    Curves.table(out, "queues" + (opts.containsKey("tag") ? "-" + opts.get("tag") : ""), md);
    Chart.categoryPng(Curves.img(opts, "queues"),
        "One worker serving N queues: jobs/s relative to 1 queue", "queues served",
        "jobs/s relative to 1 queue", List.of(throughput.get(1)));
    Chart.categoryPng(Curves.img(opts, "queues-latency"),
        "One worker serving N queues: enqueue->start latency at " + rate + " jobs/s",
        "queues served", "microseconds", latency);
    out.println("wrote " + Curves.img(opts, "queues") + ", " + Curves.img(opts, "queues-latency"));
  }

  private static String[] queues(Target t, String name, int count) {
    String[] qs = new String[count];
    for (int i = 0; i < count; i++) {
      qs[i] = t.queue("q" + name + "-" + i);
      t.docket().stats(qs[i]); // declares it outside the timed part
    }
    return qs;
  }

  private static List<EnqueueOptions> options(String[] qs) {
    List<EnqueueOptions> o = new ArrayList<>();
    for (String q : qs) {
      o.add(EnqueueOptions.builder().queue(q).build());
    }
    return o;
  }

  private static double e2e(Target t, String[] qs, int jobs, int concurrency,
      int timeoutSeconds) throws Exception {
    Docket docket = t.docket();
    List<EnqueueOptions> options = options(qs);
    CountDownLatch done = new CountDownLatch(jobs);
    List<Worker> running = Curves.start(docket, 1, concurrency, (job, ctx) -> {
      done.countDown();
      return null;
    }, qs);
    try {
      long start = System.nanoTime();
      for (int sent = 0; sent < jobs; sent += 500) {
        List<JobRequest<Curves.Job>> batch = new ArrayList<>();
        for (int i = sent; i < Math.min(jobs, sent + 500); i++) {
          batch.add(JobRequest.of(Curves.TASK, new Curves.Job(i, 0),
              options.get(i % options.size())));
        }
        docket.enqueueAll(batch);
      }
      if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(done.getCount() + " jobs had not run after "
            + timeoutSeconds + " s over " + qs.length + " queues");
      }
      return jobs * 1e9 / (System.nanoTime() - start);
    } finally {
      Curves.stop(running);
    }
  }

  private static long[] latency(Target t, String[] qs, int rate, int seconds, int concurrency,
      int timeoutSeconds) throws Exception {
    Docket docket = t.docket();
    List<EnqueueOptions> options = options(qs);
    int jobs = rate * seconds;
    long[] lat = new long[jobs];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(jobs);
    List<Worker> running = Curves.start(docket, 1, concurrency, (job, ctx) -> {
      int i = next.getAndIncrement();
      if (i < jobs) {
        lat[i] = System.nanoTime() - job.sentNanos();
      }
      done.countDown();
      return null;
    }, qs);
    try {
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int i = 0; i < jobs; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        docket.enqueue(Curves.TASK, new Curves.Job(i, System.nanoTime()),
            options.get(i % options.size()));
      }
      if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(done.getCount() + " latency jobs had not run after "
            + timeoutSeconds + " s over " + qs.length + " queues");
      }
    } finally {
      Curves.stop(running);
    }
    Arrays.sort(lat);
    return lat;
  }
}
