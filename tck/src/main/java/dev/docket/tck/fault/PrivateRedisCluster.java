package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster of the test's own for rule F7: three masters, each with a replica, plus one
 * spare replica, on ports in 6430–6449 (cluster bus = port + 10000), each node in a temp dir
 * with {@code appendonly yes}, {@code appendfsync always} and {@code cluster-node-timeout} 2 s so
 * a dead master is failed over within seconds. Never touches a shared server. Needs {@code
 * redis-server} and {@code redis-cli} on the PATH; without them the scenario is skipped (fails
 * with {@code CI=true}).
 *
 * <p>Why a spare: a client that waits for a replica's acknowledgement ({@code WAIT 1}) can write
 * to a promoted master only once it has a replica again. Redis' replica migration moves the
 * spare to the orphaned master by itself (after about 5 s), as a production cluster with
 * spare replicas does; with exactly one replica per master the promoted master would stay
 * without one until an operator restarts the dead node.
 *
 * <p>{@link #victim} finds the master that holds the queue's keys ({@code {prefix:queue}:...},
 * the Redis broker's hash tag), so it needs no knowledge of the key prefix.
 *
 * @since 0.1
 */
public final class PrivateRedisCluster implements FaultCluster {

  /** First port of the range the fault kit's private Redis Cluster nodes use. */
  public static final int FIRST_PORT = 6430;

  /** Last port of that range. */
  public static final int LAST_PORT = 6449;

  /** Masters. */
  public static final int MASTERS = 3;

  /** Nodes: a replica per master plus one spare replica. */
  public static final int NODES = 2 * MASTERS + 1;

  /** {@code cluster-node-timeout}: how long a silent master takes to be marked failed. */
  public static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

  private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private volatile @Nullable Killed killed;

  /** What {@link #kill} did, for {@link #awaitServing}. */
  private record Killed(int index, String nodeId, int slot) {}

  private PrivateRedisCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts the nodes, creates the cluster, and returns once every node says cluster_state:ok. */
  public static PrivateRedisCluster start() {
    PrivateServers.requireBinary("redis-server", "Redis");
    PrivateServers.requireBinary("redis-cli", "Redis Cluster");
    PrivateRedisCluster cluster =
        new PrivateRedisCluster(PrivateServers.tempDir("docket-fault-cluster-"));
    try {
      cluster.launch();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void launch() {
    for (int i = 0; i < NODES; i++) {
      int port = freePortPair();
      ports.add(port);
      Path node = dir.resolve("node-" + port);
      try {
        Files.createDirectories(node);
        processes.add(new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--dir", node.toString(), "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
            // Any replica may take over, however long it was cut off: the test kills one node.
            "--cluster-replica-validity-factor", "0",
            "--appendonly", "yes", "--appendfsync", "always", "--save", "",
            "--protected-mode", "no", "--maxmemory-policy", "noeviction",
            "--logfile", node.resolve("redis.log").toString()))
            .redirectErrorStream(true).redirectOutput(node.resolve("stdout.log").toFile())
            .start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start redis-server on port " + port, e);
      }
    }
    for (int i = 0; i < NODES; i++) {
      int index = i;
      poll("node " + address(i) + " answers PING", Duration.ofSeconds(20),
          () -> "PONG".equals(call(index, "PING")));
    }
    create();
    for (int i = 0; i < NODES; i++) {
      int index = i;
      poll("node " + address(i) + " says cluster_state:ok", Duration.ofSeconds(60),
          () -> stateOk(index));
    }
    // cluster_state:ok comes before the replicas' first sync ends; a WAIT needs them online.
    poll("every replica is in sync with its master", Duration.ofSeconds(60),
        () -> onlineReplicas() == NODES - MASTERS);
  }

  private int onlineReplicas() {
    int online = 0;
    for (int i = 0; i < NODES; i++) {
      String info = String.valueOf(call(i, "INFO", "replication"));
      if (info.contains("role:master")) {
        online += (int) info.lines()
            .filter(l -> l.startsWith("slave") && l.contains("state=online")).count();
      }
    }
    return online;
  }

  private void create() {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> cmd.add("127.0.0.1:" + p));
    cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Path log = dir.resolve("create.log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create took over 60 s; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed: "
            + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run redis-cli --cluster create", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the cluster", e);
    }
  }

  /** A port in range whose cluster-bus port (+10000) is free too; reserved for this JVM. */
  private static int freePortPair() {
    synchronized (TAKEN) {
      for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
        if (!TAKEN.contains(port) && free(port) && free(port + 10_000)) {
          TAKEN.add(port);
          return port;
        }
      }
    }
    throw new IllegalStateException("no free port pair in " + FIRST_PORT + "-" + LAST_PORT
        + " (and +10000 for the cluster bus): stop the private servers of an earlier run");
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException busy) {
      return false;
    }
  }

  /** Sends one command to node {@code index} and returns the reply. */
  public @Nullable Object call(int index, String... args) {
    return Resp.call(address(index), TIMEOUT, args);
  }

  private InetSocketAddress address(int index) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(index));
  }

  @Override
  public List<InetSocketAddress> nodes() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      out.add(address(i));
    }
    return out;
  }

  /** The seed URI of the cluster for a client ({@code redis://127.0.0.1:<first port>}). */
  public String seed() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /**
   * The master holding {@code queue}'s keys: the Redis broker keeps every key of a queue under
   * the hash tag {@code {prefix:queue}}, so the node where {@code SCAN} finds such a key owns
   * the queue's slot.
   */
  @Override
  public int victim(String queue) {
    String pattern = "{*:" + globEscape(queue) + "}:*";
    for (int i = 0; i < NODES; i++) {
      if (!isMaster(i)) {
        continue;
      }
      String cursor = "0";
      do {
        List<?> reply = (List<?>) call(i, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
        cursor = String.valueOf(java.util.Objects.requireNonNull(reply).get(0));
        if (!((List<?>) java.util.Objects.requireNonNull(reply.get(1))).isEmpty()) {
          return i;
        }
      } while (!cursor.equals("0"));
    }
    throw new IllegalStateException("no master of " + this + " holds a key of queue " + queue
        + " (pattern " + pattern + "): has anything been enqueued on it?");
  }

  private boolean isMaster(int index) {
    String info = String.valueOf(call(index, "INFO", "replication"));
    return info.lines().anyMatch(l -> l.trim().equals("role:master"));
  }

  private static String globEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("*?[]\\{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** SIGKILL: the node stops at once, its replica takes over after the node timeout. */
  @Override
  public void kill(int index) {
    String id = String.valueOf(call(index, "CLUSTER", "MYID"));
    int slot = ownedSlot(index, id);
    Process p = processes.get(index);
    p.destroyForcibly();
    killed = new Killed(index, id, slot);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A slot node {@code id} serves (-1 if none: it was no master), read from CLUSTER NODES. */
  private int ownedSlot(int index, String id) {
    for (String line : String.valueOf(call(index, "CLUSTER", "NODES")).split("\n", -1)) {
      String[] f = line.trim().split(" ", -1);
      if (f.length > 8 && f[0].equals(id)) {
        String range = f[8];
        return Integer.parseInt(range.contains("-") ? range.substring(0, range.indexOf('-'))
            : range);
      }
    }
    return -1;
  }

  /**
   * Waits until a replica of the killed master serves its slots (promoted, not failed) and every
   * surviving node says cluster_state:ok; returns which node took over (the kit adds the time).
   */
  @Override
  public String awaitServing(Duration bound) {
    Killed k = killed;
    if (k == null) {
      throw new IllegalStateException("awaitServing before kill");
    }
    java.util.concurrent.atomic.AtomicReference<String> promoted =
        new java.util.concurrent.atomic.AtomicReference<>("");
    poll("a replica of the killed node takes over and every survivor says cluster_state:ok",
        bound, () -> {
          for (int i = 0; i < NODES; i++) {
            if (i != k.index() && !stateOk(i)) {
              return false;
            }
          }
          int survivor = k.index() == 0 ? 1 : 0;
          if (k.slot() < 0) {
            return true;
          }
          String owner = ownerOf(survivor, k.slot(), k.nodeId());
          if (owner == null) {
            return false;
          }
          promoted.set(owner);
          return true;
        });
    String owner = String.valueOf(promoted.get());
    return (owner.isEmpty() ? "" : "replica " + owner + " promoted, ")
        + "cluster_state:ok on the " + (NODES - 1) + " survivors";
  }

  /** The address of the live master serving {@code slot}, if it is not the killed one. */
  private @Nullable String ownerOf(int survivor, int slot, String deadId) {
    for (String line : String.valueOf(call(survivor, "CLUSTER", "NODES")).split("\n", -1)) {
      String[] f = line.trim().split(" ", -1);
      if (f.length < 9 || f[0].equals(deadId) || !f[2].contains("master") || f[2].contains("fail")
          || !f[7].equals("connected")) {
        continue;
      }
      for (int s = 8; s < f.length; s++) {
        String r = f[s];
        if (r.startsWith("[")) {
          continue;
        }
        int dash = r.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
        int to = Integer.parseInt(dash < 0 ? r : r.substring(dash + 1));
        if (slot >= from && slot <= to) {
          String addr = f[1];
          int at = addr.indexOf('@');
          return at < 0 ? addr : addr.substring(0, at);
        }
      }
    }
    return null;
  }

  private boolean stateOk(int index) {
    return String.valueOf(call(index, "CLUSTER", "INFO")).contains("cluster_state:ok");
  }

  private interface Check {
    boolean ok();
  }

  private static void poll(String what, Duration bound, Check check) {
    long deadline = System.nanoTime() + bound.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (RuntimeException notYet) {
        last = notYet;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + bound + " waiting until " + what,
            last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting until " + what, e);
      }
    }
  }

  /** Kills every node and deletes the directories. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ports.forEach(TAKEN::remove);
    PrivateServers.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "PrivateRedisCluster" + ports;
  }
}
