package dev.docket.tck.fault;

import static org.awaitility.Awaitility.await;

import dev.docket.DeadJob;
import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.Page;
import dev.docket.QueueStats;
import dev.docket.TaskType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault scenario's world: the fixture's server, an optional proxy in front of it, a
 * producer client in the test JVM, the worker processes, and the run directory. Closing it stops
 * everything it started; the run directory is kept when the scenario failed (always, with system
 * property {@code docket.fault.keep=true}).
 *
 * @since 0.1
 */
public final class FaultRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);
  private static final int BATCH = 500;

  private final FaultKit kit;
  private final String rule;
  private final Path dir;
  private final FaultServer server;
  private final @Nullable TcpProxy proxy;
  private final @Nullable FaultCluster cluster;
  private final String queue;
  private final String namespace;
  private final Docket producer;
  private final TaskType<FaultJob, Void> task;
  private final Set<String> enqueuedTwice = ConcurrentHashMap.newKeySet();
  private final Instant began = Instant.now();
  private final List<WorkerFleet> fleets = new ArrayList<>();
  private boolean passed;

  FaultRun(FaultKit kit, String rule, boolean viaProxy) {
    this(kit, rule, viaProxy, false);
  }

  /** A run against the fixture's cluster ({@link FaultKit#startCluster}), without a proxy. */
  static FaultRun onCluster(FaultKit kit, String rule) {
    return new FaultRun(kit, rule, false, true);
  }

  private FaultRun(FaultKit kit, String rule, boolean viaProxy, boolean onCluster) {
    this.kit = kit;
    this.rule = rule;
    String tag = rule.toLowerCase(java.util.Locale.ROOT).replace('.', '-') + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    this.queue = "fault-" + tag;
    this.namespace = "docketfault-" + tag;
    this.dir = PrivateServers.tempDir("docket-" + tag + "-");
    this.cluster = onCluster ? kit.startCluster() : null;
    this.server = cluster != null ? cluster : kit.startServer();
    TcpProxy started = null;
    Docket client = null;
    try {
      started = viaProxy ? TcpProxy.start(server.address()) : null;
      this.proxy = started;
      client = Docket.connect(uri());
      this.producer = client;
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      server.close();
      throw e;
    }
    this.task = FaultJob.task(queue);
  }

  /** The broker URI clients use: through the proxy when there is one. */
  public String uri() {
    if (cluster != null) {
      return kit.clusterUri(cluster, namespace);
    }
    InetSocketAddress at = proxy != null ? proxy.address() : server.address();
    return kit.brokerUri(at, namespace);
  }

  /** A spec for workers of this run's queue. */
  public WorkerSpec spec(int concurrency, @Nullable Duration lease) {
    InetSocketAddress at = proxy != null ? proxy.address() : server.address();
    String store = cluster != null ? kit.clusterStoreUri(cluster, namespace)
        : kit.storeUri(at, namespace);
    return new WorkerSpec(uri(), store, queue, concurrency, lease);
  }

  /** Starts {@code count} worker processes; they stop when the run closes. */
  public WorkerFleet fleet(WorkerSpec spec, int count) {
    WorkerFleet fleet = new WorkerFleet(spec, dir);
    fleets.add(fleet);
    return fleet.start(count);
  }

  /**
   * Enqueues jobs {@code prefix-0 .. prefix-(count-1)} in batches. A batch that throws is
   * enqueued again with the same ids until it returns (the F3 promise: retrying creates no second
   * job); those ids are remembered as {@link #enqueuedTwice()}.
   */
  public Set<String> enqueue(String prefix, int count, long runMillis, Duration retryFor) {
    Set<String> ids = new LinkedHashSet<>();
    List<JobRequest<?>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      ids.add(id);
      batch.add(JobRequest.of(task, new FaultJob(runMillis, false),
          EnqueueOptions.builder().jobId(id).build()));
      if (batch.size() == BATCH || i == count - 1) {
        send(batch, retryFor);
        batch = new ArrayList<>();
      }
    }
    return ids;
  }

  /** Enqueues one job that halts its worker JVM every time it runs. */
  public String enqueuePoison(String id) {
    producer.enqueue(task, new FaultJob(0, true), EnqueueOptions.builder().jobId(id).build());
    return id;
  }

  /** Sends one batch as {@link Docket#enqueueAll}, with no retry; the caller sees the error. */
  public void enqueueOnce(List<String> ids, long runMillis) {
    producer.enqueueAll(ids.stream().map(id -> JobRequest.of(task, new FaultJob(runMillis, false),
        EnqueueOptions.builder().jobId(id).build())).toList());
  }

  private void send(List<JobRequest<?>> batch, Duration retryFor) {
    long deadline = System.nanoTime() + retryFor.toNanos();
    while (true) {
      try {
        producer.enqueueAll(batch);
        return;
      } catch (RuntimeException e) {
        batch.forEach(r -> enqueuedTwice.add(java.util.Objects.requireNonNull(r.options().jobId()).value()));
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LOG.info("{}: enqueue failed ({}), sending the batch again", rule, e.toString());
      }
    }
  }

  /** Ids whose enqueue threw at least once and was sent again. */
  public Set<String> enqueuedTwice() {
    return Set.copyOf(enqueuedTwice);
  }

  /** How many distinct jobs have a completed run now. */
  public long completed() {
    return RunLog.read(dir).completedJobs();
  }

  /** Waits (up to {@code bound}) until {@code count} runs have started. */
  public void awaitStarted(long count, Duration bound) {
    await(rule + ": " + count + " runs started").atMost(bound).pollInterval(Duration.ofMillis(200))
        .until(() -> RunLog.read(dir).all().size() >= count);
  }

  /** Waits (up to {@code bound}) until {@code count} distinct jobs have completed a run. */
  public void awaitCompleted(long count, Duration bound) {
    await(rule + ": " + count + " jobs completed").atMost(bound)
        .pollInterval(Duration.ofMillis(250)).until(() -> completed() >= count);
  }

  /**
   * Waits (up to {@code bound}) until every id in {@code ids} either completed a run or sits in
   * the DLQ, and nothing is ready, delayed or in flight. Whether the right jobs completed and the
   * right ones died is for {@link Accounting} to say afterwards, with names. With {@link
   * FaultKit#giveUpWhenIdle()} set, it also returns once jobs are missing and nothing has
   * happened for that long, so the accounting names them at once. A wait that runs out fails
   * naming F0.1/F0.2 and what was still missing.
   */
  public void awaitDrained(Set<String> ids, Duration bound) {
    @Nullable Duration giveUp = kit.giveUpWhenIdle();
    long[] idleSince = {-1, -1}; // nanoTime the idle state began; the completed count then
    String[] last = {"no poll answered"};
    try {
      // BrokerUnavailableException is retryable by contract: the producer's own link may still
      // be reconnecting after a fault; only the bound decides.
      await(rule + ": every job completed or dead-lettered, and the queue drained").atMost(bound)
          .pollInterval(Duration.ofMillis(500))
          .ignoreException(dev.docket.BrokerUnavailableException.class).until(() -> {
            RunLog log = RunLog.read(dir);
            QueueStats s = producer.stats(queue);
            long done = ids.stream().filter(id ->
                log.runs(id).stream().anyMatch(r -> r.endMillis() != null)).count();
            last[0] = done + " of " + ids.size() + " jobs completed, " + s.dead()
                + " dead letters, stats " + s;
            if (s.total() == 0 && done + s.dead() >= ids.size()) {
              return true;
            }
            return giveUp != null && idleFor(giveUp, idleSince, log, s, done);
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(rule + " (F0.1/F0.2): within " + bound + " the jobs did not all"
          + " complete or reach the DLQ, or the queue did not drain: " + last[0], e);
    }
  }

  /**
   * Whether nothing is left to happen (stats all zero, no run open in a live worker, no new
   * completion) and has not for {@code giveUp}; tracks the idle state in {@code since}.
   */
  private boolean idleFor(Duration giveUp, long[] since, RunLog log, QueueStats s, long done) {
    Set<Long> dead = new java.util.HashSet<>();
    fleets.forEach(f -> dead.addAll(f.deaths().keySet()));
    boolean openInLive = log.all().stream()
        .anyMatch(r -> r.endMillis() == null && !dead.contains(r.pid()));
    if (s.total() != 0 || openInLive || since[1] != done) {
      since[0] = System.nanoTime();
      since[1] = done;
      return false;
    }
    if (System.nanoTime() - since[0] < giveUp.toNanos()) {
      return false;
    }
    LOG.warn("{}: nothing ran, completed or waited in the queue for {} while jobs are missing;"
        + " accounting now", rule, giveUp);
    return true;
  }

  /** The runs recorded so far. */
  public RunLog runs() {
    return RunLog.read(dir);
  }

  /** The queue's stats now. */
  public QueueStats stats() {
    return producer.stats(queue);
  }

  /** Every dead letter of the queue, by id. */
  public Map<String, DeadJob> deadLetters() {
    Map<String, DeadJob> all = new HashMap<>();
    String cursor = null;
    do {
      Page<DeadJob> page = producer.deadLetters(queue).list(cursor, 500);
      page.items().forEach(j -> all.put(j.id().value(), j));
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  /** Checks the accounting against the runs, stats and DLQ now, and publishes the figures. */
  public Accounting.Tally check(Accounting accounting, @Nullable Duration recovery, String note) {
    Map<Long, Instant> deaths = new HashMap<>();
    fleets.forEach(f -> deaths.putAll(f.deaths()));
    Accounting.Tally tally = accounting.deaths(deaths)
        .check(runs(), stats(), deadLetters().keySet());
    new FaultReport(kit.brokerName(), rule, tally.jobs(), tally.runs(), tally.duplicates(),
        tally.maxOverlap(), recovery, Duration.between(began, Instant.now()), note).publish();
    passed = true;
    return tally;
  }

  /**
   * Makes the server stop answering for {@code duration}: {@link FaultServer#stall} where the
   * server can, else by pausing this run's proxy (opened with one). Returns how it stalled.
   */
  public String stall(Duration duration) {
    try {
      server.stall(duration);
      return "server stalled";
    } catch (UnsupportedOperationException e) {
      proxy().blackhole(duration);
      return "proxy paused";
    }
  }

  /** The server. */
  public FaultServer server() {
    return server;
  }

  /** The proxy; only for runs opened with one. */
  public TcpProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException(rule + " was opened without a proxy");
    }
    return proxy;
  }

  /** The queue of this run. */
  public String queue() {
    return queue;
  }

  /** The run directory (run records and worker output). */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      fleets.forEach(WorkerFleet::close);
      producer.close();
    } finally {
      if (cluster == null) {
        try {
          kit.deleteQueues(server.address(), queue);
        } catch (RuntimeException e) {
          LOG.warn("{}: could not delete the queues of {}: {}", rule, queue, e.toString());
        }
      }
      if (proxy != null) {
        proxy.close();
      }
      server.close();
      if (passed && !Boolean.getBoolean("docket.fault.keep")) {
        PrivateServers.deleteTree(dir);
      } else {
        LOG.warn("{}: run records and worker output kept in {}", rule, dir);
      }
    }
  }
}
