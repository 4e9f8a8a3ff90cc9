package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One worker JVM started by the kit: {@code java} with the test JVM's class path ({@code
 * java.class.path}, so the broker module under test and its provider are found as in an
 * application) and {@link FaultWorkerMain}. Its runs go to {@code runs-<name>.log} and its output
 * to {@code out-<name>.log}, both in the run directory, which no fault touches.
 *
 * @since 0.1
 */
public final class WorkerProcess {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final Path record;
  private final Path output;
  private volatile @Nullable Instant killedAt;

  private WorkerProcess(String name, Process process, Path record, Path output) {
    this.name = name;
    this.process = process;
    this.record = record;
    this.output = output;
  }

  /** Starts a worker named {@code name} (unique in {@code dir}) and waits until it is ready. */
  public static WorkerProcess start(WorkerSpec spec, Path dir, String name) {
    Path record = dir.resolve("runs-" + name + ".log");
    Path output = dir.resolve("out-" + name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small, quick-starting JVMs: the machine running the kit may have two cores for everything.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FaultWorkerMain.class.getName()));
    command.addAll(FaultWorkerMain.arguments(spec.options(record)));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      WorkerProcess worker = new WorkerProcess(name, process, record, output);
      worker.awaitReady();
      return worker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start worker process " + name, e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(record) && Files.readString(record).contains("READY ")) {
          return;
        }
        if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("worker process " + name + " exited with "
              + process.exitValue() + " before it was ready; its output:\n" + tail());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting worker " + name, e);
    }
    process.destroyForcibly();
    throw new IllegalStateException("worker process " + name + " was not ready within "
        + READY_TIMEOUT + "; its output:\n" + tail());
  }

  /** Kills the process with SIGKILL and waits until it is gone; returns when it was killed. */
  public Instant kill() {
    Instant at = Instant.now();
    killedAt = at;
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
    return at;
  }

  /** Asks the process to stop (SIGTERM: the worker drains with a short grace), then kills it. */
  public void stop() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(20))) {
        kill();
      }
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Completes when the process has ended, however it ended. */
  public java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** The name given at start. */
  public String name() {
    return name;
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** When {@link #kill()} killed it, or {@code null}. */
  public @Nullable Instant killedAt() {
    return killedAt;
  }

  /** The process's exit code; only valid once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** The last lines of the process's output, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }
}
