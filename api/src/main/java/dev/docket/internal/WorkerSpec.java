package dev.docket.internal;

import dev.docket.RetryPolicy;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Everything one worker runs with: its client's core, its id, tasks, listeners, interceptors and
 * coordinator, and its runtime settings. Built once by {@code Worker}; the processor, settlement
 * and runtime read what they need from it instead of taking a dozen arguments each.
 *
 * @param core the client's core (broker, codec, time, workflows, store)
 * @param workerId this worker's id, in dead letters, events and owner tokens
 * @param tasks the tasks this worker runs, by name
 * @param listeners the client's listeners plus this worker's, behind the interceptors
 * @param interceptors the interceptors around every run
 * @param coordinator the gate of coordinated tasks; null when no task needs one
 * @param defaultPolicy the retry policy of jobs whose task is unknown here
 * @param random jitter and weighted queue order
 * @param queues the queues and the order to fetch them in
 * @param concurrency jobs run at once at most
 * @param lease the lease of a fetched job
 * @param fetchWait the longest blocking fetch
 * @param jobThreads the threads jobs run on
 * @param heartbeat how often a running worker writes its heartbeat record when a store is set
 */
public record WorkerSpec(DocketCore core, String workerId, Map<String, RegisteredTask> tasks,
    Listeners listeners, Interceptors interceptors, @Nullable Coordinator coordinator,
    RetryPolicy defaultPolicy, RandomGenerator random, QueueSelector queues, int concurrency,
    Duration lease, Duration fetchWait, ThreadFactory jobThreads, Duration heartbeat) {

  /** Copies the task map, so the worker's builder cannot change it later. */
  public WorkerSpec {
    tasks = Map.copyOf(tasks);
  }

  /** A worker id when none is given: host, pid and a random suffix. */
  public static String defaultWorkerId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "worker");
    return host + "-" + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The broker. */
  public Broker broker() {
    return core.broker();
  }

  /** The envelope codec. */
  public EnvelopeCodec codec() {
    return core.codec();
  }

  /** The time source of timestamps, timeouts and waits. */
  public TimeSource time() {
    return core.time();
  }

  /** The state store, when one is configured. */
  public @Nullable StateStore store() {
    return core.store();
  }
}
