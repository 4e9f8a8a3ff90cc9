package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A Redis server of the test's own, on a port in 6410–6429 and a temp dir: {@code appendonly
 * yes}, {@code appendfsync always}, no RDB snapshots, so an acknowledged write survives {@link
 * #restart}. Never touches a shared server. Needs {@code redis-server} on the PATH; without it
 * the scenario is skipped (fails with {@code CI=true}).
 *
 * @since 0.1
 */
public final class PrivateRedis implements FaultServer {

  /** First port of the range the fault kit's private Redis servers use. */
  public static final int FIRST_PORT = 6410;

  /** Last port of that range. */
  public static final int LAST_PORT = 6429;

  private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final int port;
  private final Path dir;
  private @Nullable Process process;

  private PrivateRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a private Redis and returns once it answers {@code PING}. */
  public static PrivateRedis start() {
    PrivateServers.requireBinary("redis-server", "Redis");
    int port = PrivateServers.freePort(FIRST_PORT, LAST_PORT, TAKEN);
    PrivateRedis redis = new PrivateRedis(port, PrivateServers.tempDir("docket-fault-redis-"));
    redis.launch();
    return redis;
  }

  private void launch() {
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes",
          "--appendfsync", "always", "--save", "", "--protected-mode", "no",
          "--maxmemory-policy", "noeviction", "--logfile", dir.resolve("redis.log").toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server on port " + port, e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        if ("PONG".equals(call("PING"))) {
          // Still loading the AOF answers PING with an error; this is a real PONG.
          return;
        }
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("private Redis on port " + port + " did not start; see "
              + dir.resolve("redis.log"), notYet);
        }
      }
      pauseBriefly();
    }
  }

  /** Sends one command to this server and returns the reply (strings, longs, lists). */
  public @Nullable Object call(String... args) {
    return Resp.call(address(), TIMEOUT, args);
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** {@code SHUTDOWN} (which fsyncs the AOF), {@code downtime}, then the same server again. */
  @Override
  public void restart(Duration downtime) {
    try {
      call("SHUTDOWN");
    } catch (RuntimeException expected) {
      // SHUTDOWN answers by closing the connection.
    }
    awaitExit();
    try {
      Thread.sleep(downtime);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Redis was down", e);
    }
    launch();
  }

  /** {@code CLIENT PAUSE <ms> ALL}: every client's commands wait, connections stay open. */
  @Override
  public void stall(Duration duration) {
    call("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
  }

  /** Sets {@code maxmemory} to the memory in use now ({@code noeviction}), or lifts it. */
  @Override
  public void fill(boolean full) {
    if (!full) {
      call("CONFIG", "SET", "maxmemory", "0");
      return;
    }
    String info = String.valueOf(call("INFO", "memory"));
    long used = info.lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
        .findFirst().orElseThrow();
    call("CONFIG", "SET", "maxmemory-policy", "noeviction");
    call("CONFIG", "SET", "maxmemory", Long.toString(used));
  }

  private void awaitExit() {
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis", e);
    }
  }

  /** Kills the server and deletes its directory. */
  @Override
  public void close() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      awaitExit();
    }
    TAKEN.remove(port);
    PrivateServers.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "PrivateRedis[127.0.0.1:" + port + "]";
  }
}
