package dev.docket.tck.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker processes of one scenario. Remembers when each process died (killed by the test or
 * crashed by itself), which the accounting needs to tell a lost lease from a real duplicate. With
 * {@link #restartCrashed(boolean)} on, a worker that dies by itself is replaced at once, as a
 * process supervisor (systemd, Kubernetes) would.
 *
 * @since 0.1
 */
public final class WorkerFleet implements AutoCloseable {

  private final WorkerSpec spec;
  private final Path dir;
  private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
  private final Map<Long, Instant> deaths = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();
  private volatile boolean restartCrashed;
  private volatile boolean closing;
  /** Replacements being started for crashed workers; {@link #close} waits for them. */
  private final List<Thread> restarts = new CopyOnWriteArrayList<>();

  /** A fleet of workers started with {@code spec}, recording into {@code dir}. */
  public WorkerFleet(WorkerSpec spec, Path dir) {
    this.spec = spec;
    this.dir = dir;
  }

  /** Starts {@code count} workers, one after the other, each ready when this returns. */
  public WorkerFleet start(int count) {
    for (int i = 0; i < count; i++) {
      add();
    }
    return this;
  }

  /** Starts one more worker and returns it once it is ready. */
  public WorkerProcess add() {
    WorkerProcess worker = WorkerProcess.start(spec, dir, "w" + started.incrementAndGet());
    workers.add(worker);
    if (closing) {
      worker.stop(); // a replacement that became ready while the fleet closed
    }
    var unused = worker.onExit().thenRun(() -> died(worker));
    return worker;
  }

  private void died(WorkerProcess worker) {
    Instant killed = worker.killedAt();
    if (closing && killed == null) {
      return;
    }
    deaths.put(worker.pid(), killed != null ? killed : Instant.now());
    if (killed == null && restartCrashed && !closing) {
      workers.remove(worker);
      restarts.add(Thread.ofVirtual().name("fault-restart-" + worker.name()).start(this::add));
    }
  }

  /** Whether a worker that dies by itself (not by {@link #kill}) is replaced at once. */
  public WorkerFleet restartCrashed(boolean restart) {
    this.restartCrashed = restart;
    return this;
  }

  /** Kills worker {@code index} (in start order among the live ones) with SIGKILL. */
  public WorkerProcess kill(int index) {
    WorkerProcess victim = workers.get(index);
    victim.kill();
    workers.remove(victim);
    deaths.putIfAbsent(victim.pid(), java.util.Objects.requireNonNull(victim.killedAt()));
    return victim;
  }

  /** The live workers, in start order. */
  public List<WorkerProcess> workers() {
    return List.copyOf(workers);
  }

  /** Process id to the instant it died, for every worker that was killed or crashed. */
  public Map<Long, Instant> deaths() {
    return Map.copyOf(deaths);
  }

  /** Stops every worker (SIGTERM, then SIGKILL after a bound). */
  @Override
  public void close() {
    closing = true;
    for (Thread t : restarts) {
      try {
        // Bounded: a replacement that is still starting is stopped by add itself.
        var unused = t.join(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (WorkerProcess worker : workers) {
      worker.stop();
    }
  }
}
