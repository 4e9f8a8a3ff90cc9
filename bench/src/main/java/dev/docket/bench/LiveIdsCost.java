package dev.docket.bench;

import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.TimeSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * CPU per job of the local live-id registry (the default of the RabbitMQ and SQS brokers) as it
 * fills: each job makes the calls a RabbitMQ job makes (add at enqueue, claim at lease, done and
 * remove at ack), and every job's done marker stays for the dedup window, so the registry holds
 * one entry more per job, up to its cap. Prints the thread's CPU time per job for each round, so
 * a cost that grows with the entries shows as rising rounds.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *   dev.docket.bench.LiveIdsCost jobs=250000 rounds=4 window-minutes=5</pre>
 */
public final class LiveIdsCost {

  private LiveIdsCost() {}

  /** Runs the rounds and prints one line each. */
  public static void main(String[] args) {
    int jobs = 250_000;
    int rounds = 4;
    Duration window = Duration.ofMinutes(5);
    for (String a : args) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected key=value, got " + a);
      }
      switch (kv[0]) {
        case "jobs" -> jobs = Integer.parseInt(kv[1]);
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        case "window-minutes" -> window = Duration.ofMinutes(Long.parseLong(kv[1]));
        default -> throw new IllegalArgumentException("unknown option " + kv[0]
            + " (jobs, rounds, window-minutes)");
      }
    }
    LiveIdRegistry ids = LiveIdRegistry.local(TimeSource.system());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long start = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < jobs; i++) {
        String id = "job-" + r + "-" + i;
        Instant now = Instant.now();
        ids.add("q", id, now.plus(window));
        ids.claim("q", id, "incarnation", "token", now.plusSeconds(30));
        ids.done("q", id, "incarnation", "token", now.plus(window));
        ids.remove("q", id);
      }
      double micros = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / jobs;
      System.out.printf(Locale.ROOT, "round %d: %,d done markers before it, %.2f us CPU per job%n",
          r + 1, (long) r * jobs, micros);
    }
  }
}
