package dev.docket.tck.fault;

import dev.docket.Docket;
import dev.docket.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of a fault-kit worker process, started by {@link WorkerProcess}: connects to the
 * broker URI it is given (provider discovery as any application does it), runs the {@link
 * FaultJob} task on one queue and records every run with a {@link RunRecorder}. Arguments are
 * {@code key=value}: {@code uri}, {@code queue}, {@code record} (required); {@code store},
 * {@code concurrency} (default 10) and {@code leaseMillis} (default: the worker's default lease).
 *
 * <p>A poison job halts the JVM with {@link Runtime#halt}, skipping shutdown hooks, as a native
 * crash or the OOM killer would. SIGTERM shuts the worker down with a short grace.
 *
 * @since 0.1
 */
public final class FaultWorkerMain {

  private FaultWorkerMain() {}

  /** Runs until the process is terminated. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = parse(args);
    String queue = required(opts, "queue");
    RunRecorder recorder = new RunRecorder(Path.of(required(opts, "record")));
    Docket.Builder builder = Docket.builder().uri(required(opts, "uri"));
    String store = opts.get("store");
    if (store != null) {
      builder.storeUri(store);
    }
    Docket docket = builder.build();
    Worker.Builder wb = docket.worker().queues(queue)
        .concurrency(Integer.parseInt(opts.getOrDefault("concurrency", "10")))
        .shutdownGrace(Duration.ofSeconds(5))
        .handle(FaultJob.task(queue), (job, ctx) -> {
          String id = ctx.jobId().value();
          recorder.start(id);
          if (job.poison()) {
            Runtime.getRuntime().halt(137);
          }
          try {
            Thread.sleep(job.runMillis());
          } finally {
            recorder.end(id);
          }
          return null;
        });
    String lease = opts.get("leaseMillis");
    if (lease != null) {
      wb.lease(Duration.ofMillis(Long.parseLong(lease)));
    }
    Worker worker = wb.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.shutdown(Duration.ofSeconds(5));
      docket.close();
      stopped.countDown();
    }, "fault-worker-shutdown"));
    recorder.ready();
    stopped.await();
  }

  /** The command-line arguments for {@code opts}, in the form {@link #main} reads. */
  static List<String> arguments(Map<String, String> opts) {
    return opts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got an argument without '='");
      }
      opts.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String key) {
    String value = opts.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return value;
  }
}
