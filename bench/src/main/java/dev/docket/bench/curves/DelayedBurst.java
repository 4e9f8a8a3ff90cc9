package dev.docket.bench.curves;

import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.Worker;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Many delayed jobs coming due at the same instant: with the workers running, {@code jobs} jobs
 * are enqueued with one {@code eta} a little ahead; each handler records its start minus that due
 * time (wall clock, one JVM). Reports the promotion rate (jobs / time from due until the last
 * started), lateness p50/p99/max, early starts (must be none), repeated starts of a job (the
 * round waits for every job by its number, so a repeat cannot hide a missing one), and plots
 * started jobs against seconds after due.
 *
 * <p>Options: {@code uri}, {@code jobs} (100000), {@code lead-seconds} (how far ahead the due time
 * is, 20; must cover the enqueueing), {@code rounds} (1), {@code workers} (1), {@code concurrency}
 * (32), {@code timeout-seconds} (600: how long after the due time the last job may start before
 * the round fails).
 */
final class DelayedBurst {

  private DelayedBurst() {}

  static void run(Map<String, String> opts, PrintStream out) throws Exception {
    int jobs = Curves.num(opts, "jobs", 100_000);
    int lead = Curves.num(opts, "lead-seconds", 20);
    int rounds = Curves.num(opts, "rounds", 1);
    int workers = Curves.num(opts, "workers", 1);
    int concurrency = Curves.num(opts, "concurrency", 32);
    int timeout = Curves.num(opts, "timeout-seconds", 600);
    List<Chart.Series> curves = new ArrayList<>();
    StringBuilder md = new StringBuilder("| round | jobs | enqueue, s | due → last start, s |"
        + " promotion, jobs/s | lateness p50, ms | p99, ms | max, ms | early |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    try (Target t = Target.open(opts.getOrDefault("uri", "redis://127.0.0.1:6379"),
        Curves.marker("delayed"), out)) {
      out.printf(Locale.ROOT, "%s: %s, %d jobs due at once %d s after the first enqueue, %d"
          + " worker(s) x %d, %d rounds (+1 warm-up of 1000)%n", t.kind(), t.shown(), jobs, lead,
          workers, concurrency, rounds);
      for (int r = 0; r <= rounds; r++) {
        int n = r == 0 ? 1000 : jobs;
        String q = t.queue("delayed-" + r);
        t.docket().stats(q);
        long[] late = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicIntegerArray starts = new AtomicIntegerArray(n);
        AtomicInteger repeats = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        Instant due = Instant.now().plusSeconds(r == 0 ? 3 : lead);
        long dueMicros = micros(due);
        List<Worker> running = Curves.start(t.docket(), workers, concurrency, (job, ctx) -> {
          long l = micros(Instant.now()) - dueMicros;
          int i = next.getAndIncrement();
          if (i < late.length) {
            late[i] = l;
          }
          int seq = job.seq();
          if (seq >= 0 && seq < n && starts.getAndIncrement(seq) == 0) {
            done.countDown();
          } else {
            repeats.incrementAndGet();
          }
          return null;
        }, q);
        double enqueueSec;
        try {
          EnqueueOptions options = EnqueueOptions.builder().queue(q).eta(due).build();
          long start = System.nanoTime();
          for (int sent = 0; sent < n; sent += 1000) {
            List<JobRequest<Curves.Job>> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(n, sent + 1000); i++) {
              batch.add(JobRequest.of(Curves.TASK, new Curves.Job(i, 0), options));
            }
            t.docket().enqueueAll(batch);
          }
          enqueueSec = (System.nanoTime() - start) / 1e9;
          if (Instant.now().isAfter(due)) {
            out.printf(Locale.ROOT, "round %d: WARNING enqueueing took %.1f s, past the due"
                + " time; raise lead-seconds%n", r, enqueueSec);
          }
          long waitMillis = Math.max(0, due.toEpochMilli() - System.currentTimeMillis())
              + TimeUnit.SECONDS.toMillis(timeout);
          if (!done.await(waitMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(done.getCount() + " of " + n + " delayed jobs had"
                + " not run " + timeout + " s after due");
          }
        } finally {
          Curves.stop(running);
          t.drop(q);
        }
        if (r == 0) {
          continue;
        }
        Arrays.sort(late);
        int early = 0;
        for (long l : late) {
          early += l < 0 ? 1 : 0;
        }
        double spanSec = late[n - 1] / 1e6;
        double promo = n / Math.max(spanSec, 1e-3);
        out.printf(Locale.ROOT, "%s round %d: %,d jobs enqueued in %.1f s; due -> last start"
            + " %.2f s (%,.0f jobs/s); lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms; early %d;"
            + " every job started, %d repeated start(s); load %s%n", t.kind(), r, n, enqueueSec,
            spanSec, promo, Curves.percentile(late, 0.5) / 1e3,
            Curves.percentile(late, 0.99) / 1e3, late[n - 1] / 1e3, early, repeats.get(),
            Curves.loadavg());
        md.append(String.format(Locale.ROOT, "| %d | %,d | %.1f | %.2f | %,.0f | %.1f | %.1f |"
            + " %.1f | %d |%n", r, n, enqueueSec, spanSec, promo,
            Curves.percentile(late, 0.5) / 1e3, Curves.percentile(late, 0.99) / 1e3,
            late[n - 1] / 1e3, early));
        curves.add(started(t.kind() + " round " + r, late));
      }
    }
    Curves.table(out, "delayed", md.toString());
    Chart.xyPng(Curves.img(opts, "delayed"), String.format(Locale.ROOT,
        "%,d delayed jobs due at the same instant: started over time", jobs),
        "seconds after the due time", "jobs started", curves);
    out.println("wrote " + Curves.img(opts, "delayed"));
  }

  /** Jobs started by each instant after due: about 200 points of the sorted lateness. */
  static Chart.Series started(String name, long[] sortedLateMicros) {
    int n = sortedLateMicros.length;
    int step = Math.max(1, n / 200);
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < n; i += step) {
      pts.add(new double[] {sortedLateMicros[i] / 1e6, i + 1});
    }
    pts.add(new double[] {sortedLateMicros[n - 1] / 1e6, n});
    return new Chart.Series(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
        pts.stream().mapToDouble(p -> p[1]).toArray());
  }

  private static long micros(Instant t) {
    return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
  }
}
